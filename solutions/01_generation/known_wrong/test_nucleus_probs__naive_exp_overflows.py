"""Known wrong: exponentiates the scaled logits directly, which overflows in the hundreds."""

import torch


def nucleus_probs(logits, temperature, top_p):
    weights = torch.exp(logits / temperature)
    probs = weights / weights.sum(-1, keepdim=True)
    ranked, order = probs.sort(dim=-1, descending=True)
    keep = torch.zeros_like(probs, dtype=torch.bool).scatter(
        -1, order, ranked.cumsum(-1) - ranked < top_p
    )
    kept = probs * keep
    return kept / kept.sum(-1, keepdim=True)
