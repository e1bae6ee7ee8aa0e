"""Known wrong: the input gate reads the forget gate's peephole row and vice versa."""

import torch


def peephole_lstm_cell(x, h, c, weight_ih, weight_hh, bias, peephole):
    z_i, z_f, z_g, z_o = (x @ weight_ih.T + h @ weight_hh.T + bias).chunk(4, dim=1)
    i = torch.sigmoid(z_i + peephole[1] * c)
    f = torch.sigmoid(z_f + peephole[0] * c)
    c_next = f * c + i * torch.tanh(z_g)
    o = torch.sigmoid(z_o + peephole[2] * c_next)
    return o * torch.tanh(c_next), c_next
