"""Known wrong: the minimax loss with its sign flipped (-mean log(1 - D))."""

import torch


def generator_loss(fake_logits, non_saturating=True):
    def log1p_exp(t):
        return t.clamp(min=0) + torch.log1p(torch.exp(-t.abs()))

    if non_saturating:
        return log1p_exp(-fake_logits).mean()
    return log1p_exp(fake_logits).mean()
