"""Known wrong: log of softmax, which is -inf (and the loss inf) for logits in the hundreds."""

import torch


def teacher_forced_loss(h0, targets, bos, embed, weight_ih, weight_hh, bias_ih, bias_hh,
                        out_weight, out_bias):  # fmt: skip
    inputs = torch.cat([torch.full_like(targets[:, :1], bos), targets[:, :-1]], 1).clamp(min=0)
    h, total, real = h0, 0.0, targets != -100
    for t in range(targets.shape[1]):
        h = gru_step(embed[inputs[:, t]], h, weight_ih, weight_hh, bias_ih, bias_hh)  # noqa: F821
        logits = h @ out_weight.T + out_bias
        log_q = (logits.exp() / logits.exp().sum(-1, keepdim=True)).log()
        total = (
            total - (log_q.gather(1, targets[:, t : t + 1].clamp(min=0))[:, 0] * real[:, t]).sum()
        )
    return total / real.sum()
