"""Known wrong: a correct step computed on detached tensors, so no gradient reaches the weights."""

import torch


def cho_gru_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    x, h = x.detach(), h.detach()
    weight_ih, weight_hh = weight_ih.detach(), weight_hh.detach()
    bias_ih, bias_hh = bias_ih.detach(), bias_hh.detach()
    H = h.shape[1]
    x_r, x_z, x_n = (x @ weight_ih.T + bias_ih).chunk(3, dim=1)
    h_r, h_z = (h @ weight_hh[: 2 * H].T + bias_hh[: 2 * H]).chunk(2, dim=1)
    r, z = torch.sigmoid(x_r + h_r), torch.sigmoid(x_z + h_z)
    n = torch.tanh(x_n + (r * h) @ weight_hh[2 * H :].T + bias_hh[2 * H :])
    return (1 - z) * n + z * h
