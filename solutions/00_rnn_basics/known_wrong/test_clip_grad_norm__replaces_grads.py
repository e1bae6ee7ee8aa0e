"""Known wrong: assigns new tensors to p.grad instead of scaling the existing ones in place."""

import torch


def clip_grad_norm(parameters, max_norm):
    """Clip globally by replacing each .grad with a scaled copy."""
    parameters = [p for p in parameters if p.grad is not None]
    if not parameters:
        return 0.0
    total_norm = torch.sqrt(sum(p.grad.pow(2).sum() for p in parameters)).item()
    if total_norm > max_norm:
        for p in parameters:
            p.grad = p.grad * (max_norm / (total_norm + 1e-6))
    return total_norm
