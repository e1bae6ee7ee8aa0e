"""Known wrong: logs of sigmoids written directly: infinite for logits in the hundreds."""

import torch


def generator_loss(fake_logits, non_saturating=True):
    probability = torch.sigmoid(fake_logits)
    if non_saturating:
        return -torch.log(probability).mean()
    return torch.log(1 - probability).mean()
