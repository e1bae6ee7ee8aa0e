"""Known wrong: alpha is added to the counts but not to the denominator (no distribution)."""

import torch
import torch.nn.functional as F


def context_bits(train, test, levels, context, alpha=1.0):
    if context not in ("none", "left", "above", "left+above"):
        raise ValueError(context)

    def keys(images):
        padded = F.pad(images, (1, 0, 1, 0), value=levels)
        left, above = padded[:, 1:, :-1], padded[:, :-1, 1:]
        key = {
            "none": 0 * images,
            "left": left,
            "above": above,
            "left+above": left * (levels + 1) + above,
        }
        return key[context].flatten(), images.flatten()

    k, v = keys(train)
    counts = torch.zeros((levels + 1) ** 2, levels, dtype=torch.float64)
    counts.index_put_((k, v), torch.ones(len(k), dtype=torch.float64), accumulate=True)
    probs = (counts + alpha) / (counts.sum(1, keepdim=True))
    k, v = keys(test)
    return float(-probs[k, v].log2().mean())
