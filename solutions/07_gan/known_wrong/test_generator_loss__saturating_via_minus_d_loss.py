"""Known wrong: the minimax loss taken as -L_D's fake term computed from 1 - sigmoid by
subtraction: exact for ordinary logits, but log(0) = -inf when D accepts a fake with a
logit in the hundreds."""

import torch


def generator_loss(fake_logits, non_saturating=True):
    def log1p_exp(t):
        return t.clamp(min=0) + torch.log1p(torch.exp(-t.abs()))

    if non_saturating:
        return log1p_exp(-fake_logits).mean()
    return torch.log(1 - torch.sigmoid(fake_logits)).mean()
