"""Known wrong: delegates to torch.nn.utils.clip_grad_norm_ (right values, rule broken)."""

import torch


def clip_grad_norm(parameters, max_norm):
    """Let torch do the clipping and convert its result to a float."""
    return float(torch.nn.utils.clip_grad_norm_(parameters, max_norm))
