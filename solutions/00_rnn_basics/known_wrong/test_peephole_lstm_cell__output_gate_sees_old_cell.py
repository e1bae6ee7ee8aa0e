"""Known wrong: the output gate peeks at the old cell c instead of the new cell c'."""

import torch


def peephole_lstm_cell(x, h, c, weight_ih, weight_hh, bias, peephole):
    z_i, z_f, z_g, z_o = (x @ weight_ih.T + h @ weight_hh.T + bias).chunk(4, dim=1)
    i = torch.sigmoid(z_i + peephole[0] * c)
    f = torch.sigmoid(z_f + peephole[1] * c)
    o = torch.sigmoid(z_o + peephole[2] * c)
    c_next = f * c + i * torch.tanh(z_g)
    return o * torch.tanh(c_next), c_next
