"""Known wrong: the forward direction stops at the last real token, but the backward one reads
the whole padded row reversed, so it starts in the padding."""

import torch


def run(x, lengths, w_ih, w_hh, b_ih, b_hh):
    h = x.new_zeros(x.shape[0], w_hh.shape[0])
    for t in range(x.shape[1]):
        h_new = torch.tanh(x[:, t] @ w_ih.T + b_ih + h @ w_hh.T + b_hh)
        h = torch.where((t < lengths)[:, None], h_new, h)
    return h


def padded_birnn_summary(x, lengths, forward_params, backward_params):
    if lengths.shape != (x.shape[0],) or not bool(((lengths >= 1) & (lengths <= x.shape[1])).all()):
        raise ValueError("bad lengths")
    everything = torch.full_like(lengths, x.shape[1])
    forward = run(x, lengths, *forward_params)
    return torch.cat([forward, run(x.flip(1), everything, *backward_params)], dim=1)
