"""Known wrong: feeds the model's own prediction with probability eps (the schedule backwards)."""

import math

import torch


def scheduled_inputs(targets, predictions, u, step, k, bos, pad):
    eps = k / (k + math.exp(min(step / k, 700.0)))
    truth = targets[:, :-1].masked_fill(targets[:, :-1] == -100, pad)
    mixed = torch.where(u[:, 1:] < eps, predictions[:, :-1], truth)
    return torch.cat([torch.full_like(targets[:, :1], bos), mixed], dim=1)
