"""Known wrong: log of exp(u) / sum exp(u) without subtracting the maximum: scores in the
hundreds overflow to inf and the log-probabilities become NaN."""

import torch


def pointer_log_probs(decoder_state, encoder_states, W1, W2, v, chosen, min_points):
    scores = torch.tanh(encoder_states @ W1.T + (decoder_state @ W2.T).unsqueeze(1)) @ v
    forbidden = chosen.clone()
    forbidden[:, 0] = chosen.sum(dim=1) < min_points
    weights = scores.exp().masked_fill(forbidden, 0.0)
    return (weights / weights.sum(dim=1, keepdim=True)).log()
