"""Known wrong: the arithmetic mean of the step-to-step ratios G_t / G_(t+1), not their
geometric mean (G_1 / G_T) ** (1 / (T - 1))."""

import torch


def gradient_decay_per_step(x, weight_ih, weight_hh, bias_ih, bias_hh):
    if x.shape[1] < 2:
        raise ValueError
    h = torch.zeros(x.shape[0], weight_hh.shape[0], requires_grad=True)
    hs = []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)
        hs.append(h)
    grads = torch.autograd.grad(h.sum(), hs)
    norms = [g.norm() for g in grads]
    return float(sum(norms[t] / norms[t + 1] for t in range(len(norms) - 1)) / (len(norms) - 1))
