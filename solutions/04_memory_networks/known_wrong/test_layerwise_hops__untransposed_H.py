"""Known wrong: u @ H instead of u @ H.T (the state is multiplied by H transposed)."""

import torch


def layerwise_hops(u, addresses, contents, valid, H, hops):
    attention = []
    for _ in range(hops):
        scores = torch.einsum("bmd,bd->bm", addresses, u)
        p = scores.masked_fill(~valid, float("-inf")).softmax(dim=-1)
        u = u @ H + torch.einsum("bm,bmd->bd", p, contents)
        attention.append(p)
    return u, torch.stack(attention, dim=1)
