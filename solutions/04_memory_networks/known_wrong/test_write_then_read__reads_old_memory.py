"""Known wrong: the read heads read the memory from before the write."""

import torch


def write_then_read(memory, write_weights, erase, add, read_weights):
    weights = write_weights.unsqueeze(-1)
    keep = (1 - weights * erase.unsqueeze(2)).prod(dim=1)
    new_memory = memory * keep + (weights * add.unsqueeze(2)).sum(dim=1)
    return new_memory, torch.einsum("brn,bnw->brw", read_weights, memory)
