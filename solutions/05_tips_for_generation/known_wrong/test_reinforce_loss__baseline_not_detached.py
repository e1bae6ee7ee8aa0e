"""Known wrong: lets the gradient flow into the baseline and the rewards."""


def reinforce_loss(log_probs, out_mask, rewards, baseline):
    return -((rewards - baseline) * (log_probs * out_mask).sum(1)).mean()
