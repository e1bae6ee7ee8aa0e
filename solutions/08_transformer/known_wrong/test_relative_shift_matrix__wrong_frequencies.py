"""Known wrong: frequencies 10000^(-i/d) instead of 10000^(-2i/d)."""

import torch


def relative_shift_matrix(k, d_model):
    if not isinstance(d_model, int) or d_model <= 0 or d_model % 2:
        raise ValueError("d_model")
    omegas = 10000.0 ** (-torch.arange(0, d_model // 2, dtype=torch.float64) / d_model)
    R = torch.zeros(d_model, d_model, dtype=torch.float64)
    for i, w in enumerate(omegas):
        c, s = torch.cos(k * w), torch.sin(k * w)
        R[2 * i, 2 * i], R[2 * i, 2 * i + 1] = c, s
        R[2 * i + 1, 2 * i], R[2 * i + 1, 2 * i + 1] = -s, c
    return R
