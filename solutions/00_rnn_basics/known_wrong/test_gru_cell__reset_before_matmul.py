"""Known wrong: applies the reset gate to h before the product, W_hn (r * h) + b_hn (Cho 2014)."""

import torch


def gru_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    """One GRU step in the original paper's form rather than torch's."""
    x_r, x_z, x_n = (x @ weight_ih.T + bias_ih).chunk(3, dim=1)
    w_hr, w_hz, w_hn = weight_hh.chunk(3, dim=0)
    b_hr, b_hz, b_hn = bias_hh.chunk(3)
    r = torch.sigmoid(x_r + h @ w_hr.T + b_hr)
    z = torch.sigmoid(x_z + h @ w_hz.T + b_hz)
    n = torch.tanh(x_n + (r * h) @ w_hn.T + b_hn)
    return (1 - z) * n + z * h
