"""Known wrong: the state is detached between hops, so no gradient flows through the hops."""

import torch


def layerwise_hops(u, addresses, contents, valid, H, hops):
    attention = []
    for _ in range(hops):
        scores = torch.einsum("bmd,bd->bm", addresses, u)
        p = scores.masked_fill(~valid, float("-inf")).softmax(dim=-1)
        u = (u @ H.T + torch.einsum("bm,bmd->bd", p, contents)).detach()
        attention.append(p)
    return u, torch.stack(attention, dim=1)
