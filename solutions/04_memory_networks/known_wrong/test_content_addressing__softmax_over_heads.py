"""Known wrong: the softmax runs over the heads instead of over the memory rows."""

import torch


def content_addressing(memory, keys, beta):
    k = keys / keys.norm(dim=-1, keepdim=True).clamp_min(1e-8)
    m = memory / memory.norm(dim=-1, keepdim=True).clamp_min(1e-8)
    return (beta.unsqueeze(-1) * torch.einsum("brw,bnw->brn", k, m)).softmax(dim=1)
