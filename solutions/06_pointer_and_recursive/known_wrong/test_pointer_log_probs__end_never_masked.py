"""Known wrong: END is always allowed, so the decoder may stop before min_points points."""

import torch


def pointer_log_probs(decoder_state, encoder_states, W1, W2, v, chosen, min_points):
    scores = torch.tanh(encoder_states @ W1.T + (decoder_state @ W2.T).unsqueeze(1)) @ v
    return torch.log_softmax(scores.masked_fill(chosen, float("-inf")), dim=1)
