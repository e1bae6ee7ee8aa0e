"""Known wrong: ignores the blank argument and always uses symbol 0 as the blank."""

import torch


def ctc_nll(log_probs, target, blank=0):
    never = -1e30
    blank = 0
    labels = [blank]
    for symbol in target.tolist():
        labels += [symbol, blank]
    labels = torch.tensor(labels)
    may_skip = torch.zeros(len(labels), dtype=torch.bool)
    may_skip[2:] = (labels[2:] != blank) & (labels[2:] != labels[:-2])
    alpha = log_probs.new_full((len(labels),), never)
    alpha[:2] = log_probs[0, labels[:2]]
    for t in range(1, log_probs.shape[0]):
        stay, step, skip = alpha, alpha.roll(1), alpha.roll(2)
        step[0], skip[:2] = never, never
        skip = skip.where(may_skip, torch.full_like(skip, never))
        alpha = torch.logsumexp(torch.stack([stay, step, skip]), dim=0) + log_probs[t, labels]
    return -torch.logsumexp(alpha[-2:], dim=0)
