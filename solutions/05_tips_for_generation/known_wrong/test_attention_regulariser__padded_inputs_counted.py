"""Known wrong: padded inputs (total 0) are penalised as well."""


def attention_regulariser(weights, src_mask, out_mask):
    totals = (weights * out_mask.unsqueeze(-1)).sum(1)
    tau = out_mask.sum(1, keepdim=True) / src_mask.sum(1, keepdim=True)
    return ((tau - totals) ** 2).sum(1).mean()
