"""Known wrong: the recursion in probability space; right for short sequences, but the product
of hundreds of probabilities underflows to 0 and the loss becomes inf."""

import torch


def ctc_nll(log_probs, target, blank=0):
    probs = log_probs.exp()
    labels = [blank]
    for symbol in target.tolist():
        labels += [symbol, blank]
    labels = torch.tensor(labels)
    may_skip = torch.zeros(len(labels), dtype=torch.bool)
    may_skip[2:] = (labels[2:] != blank) & (labels[2:] != labels[:-2])
    alpha = torch.cat([probs[0, labels[:2]], probs.new_zeros(max(0, len(labels) - 2))])
    for t in range(1, probs.shape[0]):
        step = torch.cat([alpha.new_zeros(1), alpha[:-1]])
        skip = torch.cat([alpha.new_zeros(2), alpha[:-2]]) * may_skip
        alpha = (alpha + step + skip) * probs[t, labels]
    return -alpha[-2:].sum().log()
