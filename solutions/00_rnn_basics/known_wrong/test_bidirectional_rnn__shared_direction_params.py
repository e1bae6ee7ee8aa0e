"""Known wrong: runs the backward direction with the forward parameters."""

import torch


def bidirectional_rnn(x, forward_params, backward_params):
    """Use one set of weights for both directions."""
    h0 = x.new_zeros(x.shape[0], forward_params[1].shape[0])
    forward_outputs, _ = rnn_forward(x, h0, *forward_params)  # noqa: F821
    backward_outputs, _ = rnn_forward(x.flip(1), h0, *forward_params)  # noqa: F821
    return torch.cat([forward_outputs, backward_outputs.flip(1)], dim=2)
