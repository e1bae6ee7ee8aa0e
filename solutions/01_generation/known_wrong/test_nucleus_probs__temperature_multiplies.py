"""Known wrong: multiplies the logits by the temperature instead of dividing."""

import torch


def nucleus_probs(logits, temperature, top_p):
    probs = torch.softmax(logits * temperature, dim=-1)
    ranked, order = probs.sort(dim=-1, descending=True)
    keep = torch.zeros_like(probs, dtype=torch.bool).scatter(
        -1, order, ranked.cumsum(-1) - ranked < top_p
    )
    kept = probs * keep
    return kept / kept.sum(-1, keepdim=True)
