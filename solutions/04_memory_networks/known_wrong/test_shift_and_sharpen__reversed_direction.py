"""Known wrong: the shift runs the wrong way (offset +1 moves the weight to the previous slot)."""

import torch


def shift_and_sharpen(w, s, gamma):
    radius = (s.shape[1] - 1) // 2
    shifted = sum(
        s[:, j + radius : j + radius + 1] * torch.roll(w, -j, dims=1)
        for j in range(-radius, radius + 1)
    )
    scaled = shifted / shifted.max(dim=1, keepdim=True).values
    powered = scaled**gamma
    return powered / powered.sum(dim=1, keepdim=True)
