"""Known wrong: averages the decay of each sequence of the batch instead of using the norm of
the whole (B, H) gradient."""

import torch


def gradient_decay_per_step(x, weight_ih, weight_hh, bias_ih, bias_hh):
    if x.shape[1] < 2:
        raise ValueError("T < 2")
    h = x.new_zeros(x.shape[0], weight_hh.shape[0]).requires_grad_()
    states = []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)
        states.append(h)
    first, last = torch.autograd.grad(h.sum(), [states[0], states[-1]])
    per_sequence = (first.norm(dim=1) / last.norm(dim=1)) ** (1 / (x.shape[1] - 1))
    return per_sequence.mean().item()
