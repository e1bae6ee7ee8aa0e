"""Known wrong: uses the logistic sigmoid instead of tanh as the RNN's activation."""

import torch


def rnn_forward(x, h0, weight_ih, weight_hh, bias_ih, bias_hh):
    """Run an Elman RNN with the wrong squashing function."""
    h = h0
    outputs = []
    for t in range(x.shape[1]):
        h = torch.sigmoid(x[:, t] @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh)
        outputs.append(h)
    return torch.stack(outputs, dim=1), h
