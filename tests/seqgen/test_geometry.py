"""Convex hull targets and the area-coverage metric of Vinyals et al. (2015)."""

import numpy as np
import pytest
import torch

from seqgen import geometry


def brute_force_hull(points):
    """Vertices: points not inside the triangle of any three others (general position)."""
    n = len(points)
    inside = set()
    for p in range(n):
        for a in range(n):
            for b in range(n):
                for c in range(n):
                    if len({p, a, b, c}) < 4:
                        continue
                    signs = [geometry.cross(points[a], points[b], points[p]),
                             geometry.cross(points[b], points[c], points[p]),
                             geometry.cross(points[c], points[a], points[p])]  # fmt: skip
                    if all(s > 0 for s in signs) or all(s < 0 for s in signs):
                        inside.add(p)
    return set(range(n)) - inside


def test_hull_matches_brute_force_and_is_counter_clockwise_from_lowest_index():
    rng = np.random.default_rng(0)
    for n in (3, 5, 8, 12):
        for _ in range(20):
            points = rng.random((n, 2))
            hull = geometry.convex_hull(points)
            assert set(hull) == brute_force_hull(points)
            assert hull[0] == min(hull)
            turns = [geometry.cross(points[hull[i - 2]], points[hull[i - 1]], points[hull[i]])
                     for i in range(len(hull))]  # fmt: skip
            assert all(t > 0 for t in turns)


def test_square_with_centre_and_edge_point():
    square = np.array([[0.5, 0.5], [1, 0], [1, 1], [0, 1], [0, 0], [0.5, 0.0]])
    assert geometry.convex_hull(square) == [1, 2, 3, 4]
    with pytest.raises(ValueError, match="at least 3 points"):
        geometry.convex_hull(square[:2])


def test_hull_batch_targets_end_with_end_then_padding():
    points, targets = geometry.hull_batch(4, 6, torch.Generator().manual_seed(0))
    assert points.shape == (4, 6, 2) and targets.shape == (4, 7)
    for b in range(4):
        row = targets[b].tolist()
        k = row.index(geometry.END)
        assert geometry.decode_positions(row) == geometry.convex_hull(points[b].numpy())
        assert all(v == -100 for v in row[k + 1 :])


def test_area_coverage_is_one_for_the_hull_and_none_for_bad_polygons():
    points = np.array([[0, 0], [1, 0], [1, 1], [0, 1], [0.5, 0.5]])
    assert geometry.area_coverage(points, [0, 1, 2, 3]) == pytest.approx(1.0)
    assert geometry.area_coverage(points, [0, 1, 2]) == pytest.approx(0.5)
    assert geometry.area_coverage(points, [0, 2, 1, 3]) is None  # edges cross
    assert geometry.area_coverage(points, [0, 1, 1, 3]) is None  # repeated point
    assert geometry.area_coverage(points, [0, 1]) is None
