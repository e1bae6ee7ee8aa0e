"""Known wrong: softmax over the query axis instead of the keys."""

import math

import torch


def masked_attention(q, k, v, key_padding_mask=None, causal=False):
    T, S = q.shape[-2], k.shape[-2]
    allowed = torch.ones(q.shape[0], T, S, dtype=torch.bool)
    if key_padding_mask is not None:
        allowed = allowed & key_padding_mask.unsqueeze(1)
    if causal:
        if T != S:
            raise ValueError("T != S")
        allowed = allowed & torch.ones(T, S, dtype=torch.bool).tril()
    scores = (q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])).masked_fill(~allowed, -1e9)
    weights = scores.softmax(-2) * allowed
    return weights @ v, weights
