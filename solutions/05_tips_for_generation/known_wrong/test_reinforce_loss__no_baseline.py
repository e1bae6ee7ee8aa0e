"""Known wrong: ignores the baseline (plain REINFORCE)."""


def reinforce_loss(log_probs, out_mask, rewards, baseline):
    return -(rewards.detach() * (log_probs * out_mask).sum(1)).mean()
