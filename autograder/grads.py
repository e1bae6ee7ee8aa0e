"""Vector-Jacobian products for hidden checks (torch only: also runs inside the sandbox)."""

import torch


def tensors_of(value) -> list[torch.Tensor]:
    """The tensors in a (nested) tuple or list, in order."""
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, list | tuple):
        return [t for item in value for t in tensors_of(item)]
    return []


def backward(value, inputs: list[torch.Tensor], cotangents) -> tuple:
    """Gradients of ``sum(output * cotangent)`` w.r.t. ``inputs`` (zeros where unused)."""
    outputs = tensors_of(value)
    cotangents = tensors_of(cotangents)
    if len(outputs) != len(cotangents):
        raise ValueError("the output has a different number of tensors than expected")
    grads = torch.autograd.grad(outputs, inputs, grad_outputs=cotangents, allow_unused=True)
    return tuple(torch.zeros_like(x) if g is None else g for g, x in zip(grads, inputs))
