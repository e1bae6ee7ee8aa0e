"""Known wrong: numbers regions column by column (r = col * grid + row)."""

import torch


def region_hit_rate(weights, object_masks, token_objects, grid):
    B, N, P, _ = object_masks.shape
    cell = P // grid
    covered = object_masks.reshape(B, N, grid, cell, grid, cell).any(5).any(3)
    covered = covered.transpose(2, 3).reshape(B, N, grid * grid)
    best = weights.argmax(-1)
    counted = token_objects >= 0
    named = covered[torch.arange(B).unsqueeze(1), token_objects.clamp(min=0)]
    hit = named.gather(2, best.unsqueeze(-1)).squeeze(-1) & counted
    total = int(counted.sum())
    return float(hit.sum()) / total if total else 0.0
