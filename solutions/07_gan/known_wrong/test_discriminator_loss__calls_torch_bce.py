"""Known wrong: hands the task to torch's binary cross-entropy (forbidden)."""

import torch
import torch.nn.functional as F


def discriminator_loss(real_logits, fake_logits):
    real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
    fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return real + fake
