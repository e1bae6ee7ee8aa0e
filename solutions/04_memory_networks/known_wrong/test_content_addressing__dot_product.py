"""Known wrong: the raw dot product k . M_i instead of the cosine similarity."""

import torch


def content_addressing(memory, keys, beta):
    dots = torch.einsum("brw,bnw->brn", keys, memory)
    return (beta.unsqueeze(-1) * dots).softmax(dim=-1)
