"""Known wrong: keeps the state before the last real token (an off-by-one in the length)."""

import torch


def encoder_final_state(x, pad, embed, weight_ih, weight_hh, bias_ih, bias_hh):
    h = torch.zeros(len(x), weight_hh.shape[1])
    last = (x != pad).sum(dim=1) - 1
    final = torch.zeros_like(h)
    for t in range(x.shape[1]):
        final = torch.where((last == t)[:, None], h, final)
        h = gru_step(embed[x[:, t]], h, weight_ih, weight_hh, bias_ih, bias_hh)  # noqa: F821
    return final
