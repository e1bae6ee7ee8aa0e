"""Known wrong: the new key and value are put at the front of the cache (order reversed)."""

import math

import torch


def cached_attention_step(q_t, k_t, v_t, cache):
    K_new, V_new = k_t.unsqueeze(1), v_t.unsqueeze(1)
    if cache is not None:
        K_new = torch.cat([K_new, cache[0]], dim=1)
        V_new = torch.cat([V_new, cache[1]], dim=1)
    weights = ((K_new @ q_t.unsqueeze(-1)).squeeze(-1) / math.sqrt(q_t.shape[-1])).softmax(-1)
    return (weights.unsqueeze(1) @ V_new).squeeze(1), (K_new, V_new)
