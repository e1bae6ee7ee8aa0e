"""Known wrong: compares argmax positions instead of attention centres."""

import torch


def monotonic_fraction(weights, out_lengths):
    centres = weights.argmax(-1)
    pairs = torch.arange(1, weights.shape[1]).unsqueeze(0) < out_lengths.unsqueeze(1)
    total = int(pairs.sum())
    return float(((centres[:, 1:] > centres[:, :-1]) & pairs).sum()) / total if total else 1.0
