"""Known wrong: x = [right; left], the children in the wrong order."""

import torch


def rntn_compose(left, right, W, b, V):
    x = torch.cat((right, left), dim=1)
    quadratic = torch.einsum("bi,kij,bj->bk", x, V, x)
    return torch.tanh(quadratic + x @ W.T + b)
