"""Known wrong: returns the minimax loss when asked for the non-saturating one and back."""

import torch


def generator_loss(fake_logits, non_saturating=True):
    def log1p_exp(t):
        return t.clamp(min=0) + torch.log1p(torch.exp(-t.abs()))

    if not non_saturating:
        return log1p_exp(-fake_logits).mean()
    return -log1p_exp(fake_logits).mean()
