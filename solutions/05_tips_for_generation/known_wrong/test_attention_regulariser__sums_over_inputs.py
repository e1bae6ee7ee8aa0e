"""Known wrong: totals attention per output step (over inputs, always 1) instead of per input."""


def attention_regulariser(weights, src_mask, out_mask):
    totals = (weights * src_mask.unsqueeze(1)).sum(2)
    tau = src_mask.sum(1, keepdim=True) / out_mask.sum(1, keepdim=True)
    return ((tau - totals) ** 2 * out_mask).sum(1).mean()
