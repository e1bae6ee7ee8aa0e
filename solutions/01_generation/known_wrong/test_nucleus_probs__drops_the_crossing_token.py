"""Known wrong: keeps only tokens whose running total INCLUDING themselves stays below top_p."""

import torch


def nucleus_probs(logits, temperature, top_p):
    probs = torch.softmax(logits / temperature, dim=-1)
    ranked, order = probs.sort(dim=-1, descending=True)
    keep_ranked = ranked.cumsum(-1) < top_p
    keep_ranked[..., 0] = True
    keep = torch.zeros_like(probs, dtype=torch.bool).scatter(-1, order, keep_ranked)
    kept = probs * keep
    return kept / kept.sum(-1, keepdim=True)
