"""Known wrong: ignores the lengths: forward state after the padding, backward from the padding."""

import torch


def run(x, w_ih, w_hh, b_ih, b_hh):
    h = x.new_zeros(x.shape[0], w_hh.shape[0])
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ w_ih.T + b_ih + h @ w_hh.T + b_hh)
    return h


def padded_birnn_summary(x, lengths, forward_params, backward_params):
    if lengths.shape != (x.shape[0],) or not bool(((lengths >= 1) & (lengths <= x.shape[1])).all()):
        raise ValueError("bad lengths")
    return torch.cat([run(x, *forward_params), run(x.flip(1), *backward_params)], dim=1)
