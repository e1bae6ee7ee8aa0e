"""Known wrong: padded scores set to 0 instead of -inf, so padding still gets weight."""

import torch


def additive_attention(z, H, mask, W_z, W_h, b, v):
    scores = torch.tanh((z @ W_z.T).unsqueeze(1) + H @ W_h.T + b) @ v
    weights = torch.softmax(scores.masked_fill(~mask, 0.0), dim=-1)
    return (weights.unsqueeze(-1) * H).sum(1), weights
