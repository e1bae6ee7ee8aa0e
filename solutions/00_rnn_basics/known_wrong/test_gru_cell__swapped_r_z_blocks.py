"""Known wrong: reads the packed blocks as (z, r, n) instead of torch's (r, z, n)."""

import torch


def gru_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    """One GRU step with the reset and update blocks swapped."""
    x_z, x_r, x_n = (x @ weight_ih.T + bias_ih).chunk(3, dim=1)
    h_z, h_r, h_n = (h @ weight_hh.T + bias_hh).chunk(3, dim=1)
    r = torch.sigmoid(x_r + h_r)
    z = torch.sigmoid(x_z + h_z)
    n = torch.tanh(x_n + r * h_n)
    return (1 - z) * n + z * h
