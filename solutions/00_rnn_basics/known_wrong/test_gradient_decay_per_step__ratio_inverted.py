"""Known wrong: the ratio inverted, (G_T / G_1) ** (1 / (T - 1))."""

import torch


def states_of(x, weight_ih, weight_hh, bias_ih, bias_hh):
    """The tanh RNN's states h_1 .. h_T from a zero state that joins autograd's graph."""
    h = x.new_zeros(x.shape[0], weight_hh.shape[0]).requires_grad_()
    states = []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)
        states.append(h)
    return states


def gradient_decay_per_step(x, weight_ih, weight_hh, bias_ih, bias_hh):
    if x.shape[1] < 2:
        raise ValueError("T < 2")
    states = states_of(x, weight_ih, weight_hh, bias_ih, bias_hh)
    first, last = torch.autograd.grad(states[-1].sum(), [states[0], states[-1]])
    return ((last.norm() / first.norm()) ** (1 / (x.shape[1] - 1))).item()
