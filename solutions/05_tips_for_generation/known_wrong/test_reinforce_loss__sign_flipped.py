"""Known wrong: the sign is flipped, so minimising it makes rewarded sequences less likely."""


def reinforce_loss(log_probs, out_mask, rewards, baseline):
    return ((rewards - baseline).detach() * (log_probs * out_mask).sum(1)).mean()
