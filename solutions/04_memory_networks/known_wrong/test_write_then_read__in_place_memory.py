"""Known wrong: the memory argument is updated in place."""

import torch


def write_then_read(memory, write_weights, erase, add, read_weights):
    weights = write_weights.unsqueeze(-1)
    memory.mul_((1 - weights * erase.unsqueeze(2)).prod(dim=1))
    memory.add_((weights * add.unsqueeze(2)).sum(dim=1))
    return memory, torch.einsum("brn,bnw->brw", read_weights, memory)
