"""Known wrong: adds b_hn outside the reset gate, n = tanh(W_in x + b_in + r * (W_hn h) + b_hn)."""

import torch


def gru_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    """One GRU step whose reset gate does not scale the b_hn bias."""
    x_r, x_z, x_n = (x @ weight_ih.T + bias_ih).chunk(3, dim=1)
    h_r, h_z, h_n = (h @ weight_hh.T).chunk(3, dim=1)
    b_hr, b_hz, b_hn = bias_hh.chunk(3)
    r = torch.sigmoid(x_r + h_r + b_hr)
    z = torch.sigmoid(x_z + h_z + b_hz)
    n = torch.tanh(x_n + r * h_n + b_hn)
    return (1 - z) * n + z * h
