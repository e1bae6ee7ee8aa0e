"""Known wrong: a^T V b-style term, the left half of x on one side and the right on the other
(the product of the two children only, no squares of either)."""

import torch


def rntn_compose(left, right, W, b, V):
    x = torch.cat((left, right), dim=1)
    zeros = torch.zeros_like(left)
    a, c = torch.cat((left, zeros), dim=1), torch.cat((zeros, right), dim=1)
    return torch.tanh(torch.einsum("bi,kij,bj->bk", a, V, c) + x @ W.T + b)
