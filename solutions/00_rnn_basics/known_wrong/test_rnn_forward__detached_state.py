"""Known wrong: detaches the hidden state each step (truncated BPTT), so gradients are wrong."""

import torch


def rnn_forward(x, h0, weight_ih, weight_hh, bias_ih, bias_hh):
    """Run an Elman RNN that cuts the gradient between time steps."""
    h = h0
    outputs = []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ weight_ih.T + bias_ih + h.detach() @ weight_hh.T + bias_hh)
        outputs.append(h)
    return torch.stack(outputs, dim=1), h
