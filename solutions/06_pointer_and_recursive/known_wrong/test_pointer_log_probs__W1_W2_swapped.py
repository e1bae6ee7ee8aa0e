"""Known wrong: W1 applied to the decoder state and W2 to the encoder states."""

import torch


def pointer_log_probs(decoder_state, encoder_states, W1, W2, v, chosen, min_points):
    scores = torch.tanh(encoder_states @ W2.T + (decoder_state @ W1.T).unsqueeze(1)) @ v
    forbidden = chosen.clone()
    forbidden[:, 0] = chosen.sum(dim=1) < min_points
    return torch.log_softmax(scores.masked_fill(forbidden, float("-inf")), dim=1)
