"""Known wrong: points already chosen are not masked, so a hull could repeat a point."""

import torch


def pointer_log_probs(decoder_state, encoder_states, W1, W2, v, chosen, min_points):
    scores = torch.tanh(encoder_states @ W1.T + (decoder_state @ W2.T).unsqueeze(1)) @ v
    end_ok = chosen.sum(dim=1) >= min_points
    scores = scores.clone()
    scores[:, 0] = scores[:, 0].masked_fill(~end_ok, float("-inf"))
    return torch.log_softmax(scores, dim=1)
