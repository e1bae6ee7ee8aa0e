"""Known wrong: the key padding mask is ignored (only the causal mask is applied)."""

import math

import torch


def masked_attention(q, k, v, key_padding_mask=None, causal=False):
    T, S = q.shape[-2], k.shape[-2]
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
    if causal:
        if T != S:
            raise ValueError("T != S")
        scores = scores.masked_fill(~torch.ones(T, S, dtype=torch.bool).tril(), float("-inf"))
    weights = scores.softmax(-1)
    return weights @ v, weights
