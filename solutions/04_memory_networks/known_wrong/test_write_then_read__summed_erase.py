"""Known wrong: the erases of the heads are summed (1 - sum w e) instead of multiplied."""

import torch


def write_then_read(memory, write_weights, erase, add, read_weights):
    weights = write_weights.unsqueeze(-1)
    keep = 1 - (weights * erase.unsqueeze(2)).sum(dim=1)
    new_memory = memory * keep + (weights * add.unsqueeze(2)).sum(dim=1)
    return new_memory, torch.einsum("brn,bnw->brw", read_weights, new_memory)
