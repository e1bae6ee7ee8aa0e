"""Known wrong: right for even d_model, but an odd one is accepted silently."""

import torch


def relative_shift_matrix(k, d_model):
    omegas = 10000.0 ** (-torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
    R = torch.zeros(d_model, d_model, dtype=torch.float64)
    for i, w in enumerate(omegas):
        if 2 * i + 1 >= d_model:
            break
        c, s = torch.cos(k * w), torch.sin(k * w)
        R[2 * i, 2 * i], R[2 * i, 2 * i + 1] = c, s
        R[2 * i + 1, 2 * i], R[2 * i + 1, 2 * i + 1] = -s, c
    return R
