"""Known wrong: log(sigmoid(a)) written directly: -inf once a logit is in the hundreds."""

import torch


def discriminator_loss(real_logits, fake_logits):
    real = torch.log(torch.sigmoid(real_logits)).mean()
    fake = torch.log(1 - torch.sigmoid(fake_logits)).mean()
    return -(real + fake)
