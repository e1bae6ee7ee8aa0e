"""Known wrong: p log p written directly: 0 * log 0 = NaN where a probability is zero, and
D* = 0/0 where both are."""

import torch


def optimal_discriminator(p_data, p_gen):
    if p_data.shape != p_gen.shape:
        raise ValueError("lengths differ")
    if (p_data < 0).any() or (p_gen < 0).any():
        raise ValueError("negative")
    if abs(p_data.sum().item() - 1) > 1e-6 or abs(p_gen.sum().item() - 1) > 1e-6:
        raise ValueError("sum")
    total = p_data + p_gen
    d_star = p_data / total
    value = (p_data * torch.log(p_data / total) + p_gen * torch.log(p_gen / total)).sum()
    m = total / 2
    jsd = 0.5 * (p_data * torch.log(p_data / m)).sum() + 0.5 * (p_gen * torch.log(p_gen / m)).sum()
    return d_star, value.item(), jsd.item()
