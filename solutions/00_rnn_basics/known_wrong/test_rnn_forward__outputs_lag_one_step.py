"""Known wrong: stores the state before each update, so outputs are h_0 .. h_{T-1}."""

import torch


def rnn_forward(x, h0, weight_ih, weight_hh, bias_ih, bias_hh):
    """Run an Elman RNN whose outputs lag one step behind."""
    h = h0
    outputs = []
    for t in range(x.shape[1]):
        outputs.append(h)
        h = torch.tanh(x[:, t] @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)
    return torch.stack(outputs, dim=1), h
