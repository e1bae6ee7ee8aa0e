"""Known wrong: sums the log-probabilities of padded steps too."""


def reinforce_loss(log_probs, out_mask, rewards, baseline):
    return -((rewards - baseline).detach() * log_probs.sum(1)).mean()
