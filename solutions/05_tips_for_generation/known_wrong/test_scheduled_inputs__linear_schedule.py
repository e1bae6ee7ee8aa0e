"""Known wrong: a linear decay max(0, 1 - step / k) instead of the inverse sigmoid."""

import torch


def scheduled_inputs(targets, predictions, u, step, k, bos, pad):
    eps = max(0.0, 1.0 - step / k)
    truth = targets[:, :-1].masked_fill(targets[:, :-1] == -100, pad)
    mixed = torch.where(u[:, 1:] < eps, truth, predictions[:, :-1])
    return torch.cat([torch.full_like(targets[:, :1], bos), mixed], dim=1)
