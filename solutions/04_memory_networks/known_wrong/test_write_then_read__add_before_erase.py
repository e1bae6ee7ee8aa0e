"""Known wrong: adds first and erases afterwards, so the erase removes what was just added."""

import torch


def write_then_read(memory, write_weights, erase, add, read_weights):
    weights = write_weights.unsqueeze(-1)
    added = memory + (weights * add.unsqueeze(2)).sum(dim=1)
    new_memory = added * (1 - weights * erase.unsqueeze(2)).prod(dim=1)
    return new_memory, torch.einsum("brn,bnw->brw", read_weights, new_memory)
