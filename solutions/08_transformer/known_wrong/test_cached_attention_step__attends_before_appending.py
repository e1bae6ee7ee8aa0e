"""Known wrong: attends to the old cache only, then appends (a position never sees itself)."""

import math

import torch


def cached_attention_step(q_t, k_t, v_t, cache):
    K_new, V_new = k_t.unsqueeze(1), v_t.unsqueeze(1)
    if cache is None:
        return v_t.clone(), (K_new, V_new)
    K, V = cache
    weights = ((K @ q_t.unsqueeze(-1)).squeeze(-1) / math.sqrt(q_t.shape[-1])).softmax(-1)
    out = (weights.unsqueeze(1) @ V).squeeze(1)
    return out, (torch.cat([K, K_new], 1), torch.cat([V, V_new], 1))
