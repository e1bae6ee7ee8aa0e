"""Known wrong: log(softmax(z)), which is -inf for confident logits in the hundreds."""

import torch


def sentence_log_prob(logits, tokens, eos):
    picked = torch.softmax(logits, -1).log().gather(-1, tokens.unsqueeze(-1)).squeeze(-1)
    is_eos = (tokens == eos).long()
    return picked.masked_fill(is_eos.cumsum(1) - is_eos > 0, 0.0).sum(1)
