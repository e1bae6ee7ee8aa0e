"""Known wrong: padded positions take part in the softmax (and their coverage grows)."""

import torch


def coverage_attention(z, H, mask, coverage, W_z, W_h, w_c, b, v):
    pre = (z @ W_z.T).unsqueeze(1) + H @ W_h.T + coverage.unsqueeze(-1) * w_c  # (B, S, A)
    weights = torch.softmax(torch.tanh(pre + b) @ v, dim=-1)
    return (weights.unsqueeze(-1) * H).sum(1), weights, coverage + weights
