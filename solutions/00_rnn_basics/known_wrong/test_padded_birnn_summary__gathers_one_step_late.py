"""Known wrong: picks the forward state at index lengths (one step into the padding, clamped)
instead of lengths - 1."""

import torch


def run(x, w_ih, w_hh, b_ih, b_hh):
    h, states = x.new_zeros(x.shape[0], w_hh.shape[0]), []
    for t in range(x.shape[1]):
        h = torch.tanh(x[:, t] @ w_ih.T + b_ih + h @ w_hh.T + b_hh)
        states.append(h)
    return torch.stack(states, dim=1)  # (B, T, H)


def padded_birnn_summary(x, lengths, forward_params, backward_params):
    B, T, _ = x.shape
    if lengths.shape != (B,) or not bool(((lengths >= 1) & (lengths <= T)).all()):
        raise ValueError("bad lengths")
    steps = torch.arange(T)
    order = (lengths[:, None] - 1 - steps).where(steps < lengths[:, None], steps)
    x_reversed = x.gather(1, order[:, :, None].expand_as(x))
    rows = torch.arange(B)
    forward = run(x, *forward_params)[rows, lengths.clamp(max=T - 1)]
    backward = run(x_reversed, *backward_params)[rows, lengths - 1]
    return torch.cat([forward, backward], dim=1)
