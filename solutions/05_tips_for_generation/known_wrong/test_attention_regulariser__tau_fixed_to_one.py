"""Known wrong: asks every input for a total of exactly 1, whatever the lengths."""


def attention_regulariser(weights, src_mask, out_mask):
    totals = (weights * out_mask.unsqueeze(-1)).sum(1)
    return ((1.0 - totals) ** 2 * src_mask).sum(1).mean()
