"""Known wrong: sorts and accumulates along the batch axis instead of the vocabulary."""

import torch


def nucleus_probs(logits, temperature, top_p):
    probs = torch.softmax(logits / temperature, dim=-1)
    ranked, order = probs.sort(dim=0, descending=True)
    keep = torch.zeros_like(probs, dtype=torch.bool).scatter(
        0, order, ranked.cumsum(0) - ranked < top_p
    )
    kept = probs * keep
    return kept / kept.sum(-1, keepdim=True)
