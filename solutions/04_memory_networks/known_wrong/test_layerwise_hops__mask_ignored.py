"""Known wrong: empty slots are not masked, so they receive attention."""

import torch


def layerwise_hops(u, addresses, contents, valid, H, hops):
    attention = []
    for _ in range(hops):
        p = torch.einsum("bmd,bd->bm", addresses, u).softmax(dim=-1)
        u = u @ H.T + torch.einsum("bm,bmd->bd", p, contents)
        attention.append(p)
    return u, torch.stack(attention, dim=1)
