"""Known wrong: the plain recursive composition; V is ignored."""

import torch


def rntn_compose(left, right, W, b, V):
    x = torch.cat((left, right), dim=1)
    return torch.tanh(x @ W.T + b)
