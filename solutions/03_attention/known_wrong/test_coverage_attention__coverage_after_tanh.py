"""Known wrong: adds the coverage term after the tanh instead of inside it."""

import torch


def coverage_attention(z, H, mask, coverage, W_z, W_h, w_c, b, v):
    pre = (z @ W_z.T).unsqueeze(1) + H @ W_h.T + b  # (B, S, A)
    scores = (torch.tanh(pre) + coverage.unsqueeze(-1) * w_c) @ v
    weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=-1)
    return (weights.unsqueeze(-1) * H).sum(1), weights, coverage + weights
