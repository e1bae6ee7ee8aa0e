"""Known wrong: computed under torch.no_grad(), so it cannot be trained."""

import torch


def sentence_log_prob(logits, tokens, eos):
    with torch.no_grad():
        picked = logits.log_softmax(-1).gather(-1, tokens.unsqueeze(-1)).squeeze(-1)
        is_eos = (tokens == eos).long()
        return picked.masked_fill(is_eos.cumsum(1) - is_eos > 0, 0.0).sum(1)
