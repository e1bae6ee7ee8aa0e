"""Known wrong: forgets bias_hh (only the input-to-hidden bias is added)."""

import torch


def rnn_forward(x, h0, weight_ih, weight_hh, bias_ih, bias_hh):
    """Run an Elman RNN without the hidden-to-hidden bias."""
    h = h0
    outputs = []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ weight_ih.T + bias_ih + h @ weight_hh.T)
        outputs.append(h)
    return torch.stack(outputs, dim=1), h
