"""Known wrong: softmax as exp / sum without subtracting the maximum (overflows)."""

import torch


def layerwise_hops(u, addresses, contents, valid, H, hops):
    attention = []
    for _ in range(hops):
        e = torch.einsum("bmd,bd->bm", addresses, u).exp() * valid
        p = e / e.sum(dim=-1, keepdim=True)
        u = u @ H.T + torch.einsum("bm,bmd->bd", p, contents)
        attention.append(p)
    return u, torch.stack(attention, dim=1)
