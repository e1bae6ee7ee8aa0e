"""Known wrong: sigmoid and tanh written from exp: NaN once exp overflows (large inputs)."""

import torch


def cho_gru_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    def sigmoid(a):
        return torch.exp(a) / (torch.exp(a) + 1)

    def tanh(a):
        return (torch.exp(2 * a) - 1) / (torch.exp(2 * a) + 1)

    H = h.shape[1]
    x_r, x_z, x_n = (x @ weight_ih.T + bias_ih).chunk(3, dim=1)
    h_r, h_z = (h @ weight_hh[: 2 * H].T + bias_hh[: 2 * H]).chunk(2, dim=1)
    r, z = sigmoid(x_r + h_r), sigmoid(x_z + h_z)
    n = tanh(x_n + (r * h) @ weight_hh[2 * H :].T + bias_hh[2 * H :])
    return (1 - z) * n + z * h
