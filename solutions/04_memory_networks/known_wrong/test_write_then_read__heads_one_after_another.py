"""Known wrong: head 1 erases and adds, then head 2 erases (part of head 1's add) and adds."""

import torch


def write_then_read(memory, write_weights, erase, add, read_weights):
    new_memory = memory
    for h in range(write_weights.shape[1]):
        w = write_weights[:, h].unsqueeze(-1)
        new_memory = new_memory * (1 - w * erase[:, h].unsqueeze(1)) + w * add[:, h].unsqueeze(1)
    return new_memory, torch.einsum("brn,bnw->brw", read_weights, new_memory)
