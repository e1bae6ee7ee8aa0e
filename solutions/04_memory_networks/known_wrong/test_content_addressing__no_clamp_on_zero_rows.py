"""Known wrong: norms are not clamped, so a row of zeros gives 0/0 = NaN."""

import torch


def content_addressing(memory, keys, beta):
    k = keys / keys.norm(dim=-1, keepdim=True)
    m = memory / memory.norm(dim=-1, keepdim=True)
    return (beta.unsqueeze(-1) * torch.einsum("brw,bnw->brn", k, m)).softmax(dim=-1)
