"""Known wrong: exp(e) / sum exp(e) without subtracting the maximum overflows for large scores."""

import torch


def additive_attention(z, H, mask, W_z, W_h, b, v):
    scores = torch.tanh((z @ W_z.T).unsqueeze(1) + H @ W_h.T + b) @ v
    exp = torch.exp(scores) * mask
    weights = exp / exp.sum(-1, keepdim=True)
    return (weights.unsqueeze(-1) * H).sum(1), weights
