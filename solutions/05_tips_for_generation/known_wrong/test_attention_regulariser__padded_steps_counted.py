"""Known wrong: counts the attention of padded output steps in the totals."""


def attention_regulariser(weights, src_mask, out_mask):
    totals = weights.sum(1)
    tau = out_mask.sum(1, keepdim=True) / src_mask.sum(1, keepdim=True)
    return ((tau - totals) ** 2 * src_mask).sum(1).mean()
