"""Known wrong: h' = o * c' (forgets the tanh on the memory cell)."""

import torch


def lstm_cell(x, state, weight_ih, weight_hh, bias_ih, bias_hh):
    """One LSTM step whose output is not squashed."""
    h, c = state
    z = x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh
    z_i, z_f, z_g, z_o = z.chunk(4, dim=1)
    c_next = torch.sigmoid(z_f) * c + torch.sigmoid(z_i) * torch.tanh(z_g)
    h_next = torch.sigmoid(z_o) * c_next
    return h_next, c_next
