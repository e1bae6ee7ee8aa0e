"""Known wrong: updates the memory cell in place (c.mul_), corrupting the caller's state.

The returned values are right, so the visible tests pass; the hidden no-mutation test fails.
"""

import torch


def lstm_cell(x, state, weight_ih, weight_hh, bias_ih, bias_hh):
    """One LSTM step that overwrites the input memory cell."""
    h, c = state
    z = x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh
    z_i, z_f, z_g, z_o = z.chunk(4, dim=1)
    c_next = c.mul_(torch.sigmoid(z_f)).add_(torch.sigmoid(z_i) * torch.tanh(z_g))
    h_next = torch.sigmoid(z_o) * torch.tanh(c_next)
    return h_next, c_next
