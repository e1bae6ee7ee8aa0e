"""Known wrong: the tensor term is added after the nonlinearity."""

import torch


def rntn_compose(left, right, W, b, V):
    x = torch.cat((left, right), dim=1)
    return torch.tanh(x @ W.T + b) + torch.einsum("bi,kij,bj->bk", x, V, x)
