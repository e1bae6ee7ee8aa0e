"""Known wrong: the dropped tokens are zeroed but the rest is not renormalised."""

import torch


def nucleus_probs(logits, temperature, top_p):
    probs = torch.softmax(logits / temperature, dim=-1)
    ranked, order = probs.sort(dim=-1, descending=True)
    keep = torch.zeros_like(probs, dtype=torch.bool).scatter(
        -1, order, ranked.cumsum(-1) - ranked < top_p
    )
    return probs * keep
