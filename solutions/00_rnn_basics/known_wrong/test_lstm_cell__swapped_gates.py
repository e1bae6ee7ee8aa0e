"""Known wrong: reads the packed blocks as (i, f, o, g) instead of torch's (i, f, g, o)."""

import torch


def lstm_cell(x, state, weight_ih, weight_hh, bias_ih, bias_hh):
    """One LSTM step with the candidate and output-gate blocks swapped."""
    h, c = state
    z = x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh
    z_i, z_f, z_o, z_g = z.chunk(4, dim=1)
    c_next = torch.sigmoid(z_f) * c + torch.sigmoid(z_i) * torch.tanh(z_g)
    h_next = torch.sigmoid(z_o) * torch.tanh(c_next)
    return h_next, c_next
