"""Known wrong: allows the skip from s - 2 onto a blank (and between equal labels), which
reads alignments that drop a label."""

import torch


def ctc_nll(log_probs, target, blank=0):
    never = -1e30
    labels = [blank]
    for s in target.tolist():
        labels += [s, blank]
    labels = torch.tensor(labels)
    may_skip = torch.zeros(len(labels), dtype=torch.bool)
    may_skip[2:] = labels[2:] != labels[:-2]
    may_skip[2::2] = True
    alpha = log_probs.new_full((len(labels),), never)
    alpha[:2] = log_probs[0, labels[:2]]
    for t in range(1, log_probs.shape[0]):
        step = torch.cat([alpha.new_full((1,), never), alpha[:-1]])
        skip = torch.cat([alpha.new_full((2,), never), alpha[:-2]])[: len(labels)]
        skip = torch.where(may_skip, skip, torch.full_like(skip, never))
        alpha = torch.logsumexp(torch.stack([alpha, step, skip]), 0) + log_probs[t, labels]
    return -torch.logsumexp(alpha[-2:], 0)
