"""Known wrong: w^gamma computed directly, which underflows to 0/0 for large gamma."""

import torch


def shift_and_sharpen(w, s, gamma):
    radius = (s.shape[1] - 1) // 2
    shifted = sum(
        s[:, j + radius : j + radius + 1] * torch.roll(w, j, dims=1)
        for j in range(-radius, radius + 1)
    )
    powered = shifted**gamma
    return powered / powered.sum(dim=1, keepdim=True)
