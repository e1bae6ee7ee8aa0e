"""Known wrong: reverses the batch axis (dim 0) instead of the time axis (dim 1)."""

import torch


def bidirectional_rnn(x, forward_params, backward_params):
    """Reverse the wrong axis for the backward direction."""
    h0 = x.new_zeros(x.shape[0], forward_params[1].shape[0])
    forward_outputs, _ = rnn_forward(x, h0, *forward_params)  # noqa: F821
    backward_outputs, _ = rnn_forward(x.flip(0), h0, *backward_params)  # noqa: F821
    return torch.cat([forward_outputs, backward_outputs.flip(0)], dim=2)
