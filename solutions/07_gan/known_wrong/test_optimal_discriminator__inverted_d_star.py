"""Known wrong: D* = p_gen / (p_data + p_gen), the probability of 'fake'."""

import torch


def optimal_discriminator(p_data, p_gen):
    if p_data.shape != p_gen.shape:
        raise ValueError("lengths differ")
    if (p_data < 0).any() or (p_gen < 0).any():
        raise ValueError("negative")
    if abs(p_data.sum().item() - 1) > 1e-6 or abs(p_gen.sum().item() - 1) > 1e-6:
        raise ValueError("sum")
    total = p_data + p_gen
    safe = total.clamp(min=1e-300)
    d_star = torch.where(total > 0, p_gen / safe, torch.full_like(total, 0.5))
    xlogy = torch.special.xlogy
    value = (xlogy(p_data, p_gen / safe) + xlogy(p_gen, p_data / safe)).sum()
    m = total / 2
    jsd = 0.5 * (xlogy(p_data, p_data) - xlogy(p_data, m)).sum()
    jsd = jsd + 0.5 * (xlogy(p_gen, p_gen) - xlogy(p_gen, m)).sum()
    return d_star, value.item(), jsd.item()
