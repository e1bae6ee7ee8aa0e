"""Known wrong: right values, but computed under torch.no_grad(), so it cannot be trained."""

import torch


def encoder_final_state(x, pad, embed, weight_ih, weight_hh, bias_ih, bias_hh):
    with torch.no_grad():
        h = torch.zeros(len(x), weight_hh.shape[1])
        last = (x != pad).sum(dim=1) - 1
        final = torch.zeros_like(h)
        for t in range(x.shape[1]):
            h = gru_step(embed[x[:, t]], h, weight_ih, weight_hh, bias_ih, bias_hh)  # noqa: F821
            final = torch.where((last == t)[:, None], h, final)
        return final
