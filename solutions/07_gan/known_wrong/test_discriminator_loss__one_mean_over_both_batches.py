"""Known wrong: one mean over the concatenated batches (wrong weights when sizes differ)."""

import torch


def discriminator_loss(real_logits, fake_logits):
    def log1p_exp(t):
        return t.clamp(min=0) + torch.log1p(torch.exp(-t.abs()))

    terms = torch.cat([log1p_exp(-real_logits), log1p_exp(fake_logits)])
    return 2 * terms.mean()
