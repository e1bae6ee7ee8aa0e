"""Known wrong: calls torch.lstm_cell instead of computing the gates (right values, rule broken)."""

import torch


def lstm_cell(x, state, weight_ih, weight_hh, bias_ih, bias_hh):
    """One LSTM step done by torch's own kernel."""
    return torch.lstm_cell(x, state, weight_ih, weight_hh, bias_ih, bias_hh)
