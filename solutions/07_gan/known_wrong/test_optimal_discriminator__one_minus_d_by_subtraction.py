"""Known wrong: log(1 - D*) by subtraction: -inf when p_gen is tiny and D* rounds to 1."""

import torch


def optimal_discriminator(p_data, p_gen):
    if p_data.shape != p_gen.shape:
        raise ValueError("lengths differ")
    if (p_data < 0).any() or (p_gen < 0).any():
        raise ValueError("negative")
    if abs(p_data.sum().item() - 1) > 1e-6 or abs(p_gen.sum().item() - 1) > 1e-6:
        raise ValueError("sum")
    total = p_data + p_gen
    d_star = torch.where(total > 0, p_data / total.clamp(min=1e-300), torch.full_like(total, 0.5))
    xlogy = torch.special.xlogy
    value = (xlogy(p_data, d_star) + xlogy(p_gen, 1 - d_star)).sum()
    m = total / 2
    jsd = 0.5 * (xlogy(p_data, p_data) - xlogy(p_data, m)).sum()
    jsd = jsd + 0.5 * (xlogy(p_gen, p_gen) - xlogy(p_gen, m)).sum()
    return d_star, value.item(), jsd.item()
