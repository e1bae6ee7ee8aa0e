"""Known wrong: exp(e) / sum exp(e) without subtracting the maximum overflows for large scores."""

import torch


def coverage_attention(z, H, mask, coverage, W_z, W_h, w_c, b, v):
    pre = (z @ W_z.T).unsqueeze(1) + H @ W_h.T + coverage.unsqueeze(-1) * w_c  # (B, S, A)
    exp = torch.exp(torch.tanh(pre + b) @ v) * mask
    weights = exp / exp.sum(-1, keepdim=True)
    return (weights.unsqueeze(-1) * H).sum(1), weights, coverage + weights
