"""Known wrong: iterates over `parameters` twice, so a generator (model.parameters()) is empty
the second time and nothing gets clipped."""

import torch


def clip_grad_norm(parameters, max_norm):
    """Compute the norm in one pass and clip in a second pass over the same iterable."""
    squares = [p.grad.pow(2).sum() for p in parameters if p.grad is not None]
    if not squares:
        return 0.0
    total_norm = torch.sqrt(sum(squares)).item()
    if total_norm > max_norm:
        for p in parameters:
            if p.grad is not None:
                p.grad.mul_(max_norm / (total_norm + 1e-6))
    return total_norm
