"""Known wrong: real samples labelled 0 and fakes 1."""

import torch


def discriminator_loss(real_logits, fake_logits):
    def log1p_exp(t):
        return t.clamp(min=0) + torch.log1p(torch.exp(-t.abs()))

    return log1p_exp(real_logits).mean() + log1p_exp(-fake_logits).mean()
