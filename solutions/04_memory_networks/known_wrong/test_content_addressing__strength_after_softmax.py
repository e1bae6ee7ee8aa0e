"""Known wrong: the key strength scales the weighting after the softmax, not the scores."""

import torch


def content_addressing(memory, keys, beta):
    k = keys / keys.norm(dim=-1, keepdim=True).clamp_min(1e-8)
    m = memory / memory.norm(dim=-1, keepdim=True).clamp_min(1e-8)
    w = torch.einsum("brw,bnw->brn", k, m).softmax(dim=-1) * beta.unsqueeze(-1)
    return w / w.sum(dim=-1, keepdim=True)
