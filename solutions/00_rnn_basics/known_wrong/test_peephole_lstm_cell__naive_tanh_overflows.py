"""Known wrong: tanh written as (e^2a - 1) / (e^2a + 1), which gives NaN once e^2a overflows
(pre-activations above about 44 in float32) and loses precision for tiny ones."""

import torch


def my_tanh(a):
    e = torch.exp(2 * a)
    return (e - 1) / (e + 1)


def peephole_lstm_cell(x, h, c, weight_ih, weight_hh, bias, peephole):
    z_i, z_f, z_g, z_o = (x @ weight_ih.T + h @ weight_hh.T + bias).chunk(4, dim=1)
    i = torch.sigmoid(z_i + peephole[0] * c)
    f = torch.sigmoid(z_f + peephole[1] * c)
    c_next = f * c + i * my_tanh(z_g)
    o = torch.sigmoid(z_o + peephole[2] * c_next)
    return o * my_tanh(c_next), c_next
