"""Known wrong: returns the coverage it was given, so the next step never sees this one."""

import torch


def coverage_attention(z, H, mask, coverage, W_z, W_h, w_c, b, v):
    pre = (z @ W_z.T).unsqueeze(1) + H @ W_h.T + coverage.unsqueeze(-1) * w_c  # (B, S, A)
    scores = torch.tanh(pre + b) @ v
    weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=-1)
    return (weights.unsqueeze(-1) * H).sum(1), weights, coverage
