"""Planar convex hulls with exact targets, for pointer networks (Vinyals et al. 2015).

A hull problem is ``n`` points drawn uniformly in the unit square; its answer is a
sequence of input positions: the hull's vertices in counter-clockwise order, starting
from the vertex with the lowest index, then END. In the tensors of :func:`hull_batch`
position 0 is reserved for END, so point ``i`` is position ``i + 1``: the output
"vocabulary" is the input itself, and its size changes with ``n``.

Evaluation follows the paper: exact-sequence accuracy, and *area coverage*, the area of
the predicted polygon over the true hull's area, counted only when the prediction is a
simple polygon (no repeated point, no crossing edges).
"""

import numpy as np
import torch

END = 0


def cross(o: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """z of (a - o) x (b - o): positive when o -> a -> b turns counter-clockwise."""
    return float((a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]))


def convex_hull(points: np.ndarray) -> list[int]:
    """Indices of the hull's vertices, counter-clockwise from the lowest index.

    Andrew's monotone chain, O(n log n); points on an edge are not vertices.
    """
    points = np.asarray(points, dtype=float)
    if points.ndim != 2 or points.shape[1] != 2 or len(points) < 3:
        raise ValueError(f"need an array of at least 3 points of shape (n, 2), got {points.shape}")
    order = sorted(range(len(points)), key=lambda i: (points[i, 0], points[i, 1]))
    lower: list[int] = []
    upper: list[int] = []
    for chain, indices in ((lower, order), (upper, order[::-1])):
        for i in indices:
            while len(chain) >= 2 and cross(points[chain[-2]], points[chain[-1]], points[i]) <= 0:
                chain.pop()
            chain.append(i)
    hull = lower[:-1] + upper[:-1]  # counter-clockwise, starting at the leftmost point
    start = hull.index(min(hull))
    return hull[start:] + hull[:start]


def hull_batch(batch_size: int, n: int, generator: torch.Generator | None = None):
    """Points (B, n, 2) uniform in the unit square, targets (B, n + 1) of positions.

    ``targets[b]`` lists the hull's positions (point i is position i + 1), then END (0),
    then -100 (ignored by a cross-entropy) up to length n + 1.
    """
    points = torch.rand(batch_size, n, 2, generator=generator)
    targets = torch.full((batch_size, n + 1), -100, dtype=torch.long)
    for b in range(batch_size):
        sequence = [i + 1 for i in convex_hull(points[b].numpy())] + [END]
        targets[b, : len(sequence)] = torch.tensor(sequence)
    return points, targets


def polygon_area(points: np.ndarray, order: list[int]) -> float:
    """Area of the polygon visiting ``points[order]`` (shoelace formula, always >= 0)."""
    xy = np.asarray(points, dtype=float)[list(order)]
    x, y = xy[:, 0], xy[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


def segments_cross(p1, p2, p3, p4) -> bool:
    """True when the open segments p1-p2 and p3-p4 properly intersect."""
    d1, d2 = cross(p3, p4, p1), cross(p3, p4, p2)
    d3, d4 = cross(p1, p2, p3), cross(p1, p2, p4)
    return d1 * d2 < 0 and d3 * d4 < 0


def is_simple_polygon(points: np.ndarray, order: list[int]) -> bool:
    """At least 3 distinct vertices and no two non-adjacent edges crossing."""
    if len(order) < 3 or len(set(order)) != len(order):
        return False
    xy = np.asarray(points, dtype=float)[list(order)]
    k = len(xy)
    edges = [(xy[i], xy[(i + 1) % k]) for i in range(k)]
    for i in range(k):
        for j in range(i + 2, k):
            if i == 0 and j == k - 1:
                continue  # adjacent through the closing edge
            if segments_cross(*edges[i], *edges[j]):
                return False
    return True


def area_coverage(points: np.ndarray, predicted: list[int]) -> float | None:
    """Predicted polygon's area over the true hull's, or None when it is not a valid polygon.

    ``predicted`` holds point indices (0-based, END removed).
    """
    if not is_simple_polygon(points, predicted):
        return None
    return polygon_area(points, predicted) / polygon_area(points, convex_hull(points))


def decode_positions(sequence: list[int]) -> list[int]:
    """Point indices (0-based) of a predicted position sequence, cut at the first END."""
    out = []
    for position in sequence:
        if position == END:
            break
        out.append(int(position) - 1)
    return out
