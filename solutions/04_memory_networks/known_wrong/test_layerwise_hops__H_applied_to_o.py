"""Known wrong: the map H is applied to the hop's output o instead of to the state u."""

import torch


def layerwise_hops(u, addresses, contents, valid, H, hops):
    attention = []
    for _ in range(hops):
        scores = torch.einsum("bmd,bd->bm", addresses, u)
        p = scores.masked_fill(~valid, float("-inf")).softmax(dim=-1)
        u = u + torch.einsum("bm,bmd->bd", p, contents) @ H.T
        attention.append(p)
    return u, torch.stack(attention, dim=1)
