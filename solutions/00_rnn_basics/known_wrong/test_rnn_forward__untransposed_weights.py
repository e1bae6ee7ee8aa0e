"""Known wrong: multiplies by weight_ih and weight_hh without transposing them.

Crashes when input size != hidden size and gives wrong values when they are equal.
"""

import torch


def rnn_forward(x, h0, weight_ih, weight_hh, bias_ih, bias_hh):
    """Run an Elman RNN that treats the (H, I) weight layout as (I, H)."""
    h = h0
    outputs = []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ weight_ih + bias_ih + h @ weight_hh + bias_hh)
        outputs.append(h)
    return torch.stack(outputs, dim=1), h
