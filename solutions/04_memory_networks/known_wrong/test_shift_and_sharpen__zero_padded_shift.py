"""Known wrong: the shift pads with zeros instead of wrapping around."""

import torch.nn.functional as F


def shift_and_sharpen(w, s, gamma):
    radius = (s.shape[1] - 1) // 2
    padded = F.pad(w, (radius, radius))
    N = w.shape[1]
    shifted = sum(
        s[:, j + radius : j + radius + 1] * padded[:, radius - j : radius - j + N]
        for j in range(-radius, radius + 1)
    )
    scaled = shifted / shifted.max(dim=1, keepdim=True).values
    powered = scaled**gamma
    return powered / powered.sum(dim=1, keepdim=True)
