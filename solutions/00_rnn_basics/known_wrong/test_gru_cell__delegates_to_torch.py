"""Known wrong: calls torch.gru_cell instead of computing the gates (right values, rule broken)."""

import torch


def gru_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh):
    """One GRU step done by torch's own kernel."""
    return torch.gru_cell(x, h, weight_ih, weight_hh, bias_ih, bias_hh)
