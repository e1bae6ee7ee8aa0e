"""Known wrong: sums the tokens before the first <eos> but not <eos> itself."""


def sentence_log_prob(logits, tokens, eos):
    picked = logits.log_softmax(-1).gather(-1, tokens.unsqueeze(-1)).squeeze(-1)
    seen_eos = (tokens == eos).long().cumsum(1) > 0
    return picked.masked_fill(seen_eos, 0.0).sum(1)
