import math

import pytest
import torch

from seqgen.pixels import (
    bits_per_pixel,
    digit_images,
    independent_pixel_bits,
    quantise,
    raster_pairs,
    show_digits,
)


def test_quantise_uses_equal_bins_over_0_to_16():
    q = quantise(torch.arange(17), 4)
    assert q.tolist() == [0] * 5 + [1] * 4 + [2] * 4 + [3] * 4
    assert quantise(torch.tensor([0, 16]), 2).tolist() == [0, 1]
    with pytest.raises(ValueError, match="levels"):
        quantise(torch.arange(3), 1)


def test_digit_split_is_disjoint_reproducible_and_quantised():
    train, test = digit_images(levels=4, seed=0)
    assert train.shape[1:] == (8, 8) and len(train) + len(test) == 1797
    assert abs(len(test) - 0.2 * 1797) <= 1
    assert int(train.max()) == 3 and int(train.min()) == 0
    again, _ = digit_images(levels=4, seed=0)
    other, _ = digit_images(levels=4, seed=1)
    assert torch.equal(train, again) and not torch.equal(train, other)


def test_raster_pairs_read_rows_left_to_right_and_shift_by_one():
    images = torch.arange(6).view(1, 2, 3)
    X, Y = raster_pairs(images, start_token=9)
    assert Y.tolist() == [[0, 1, 2, 3, 4, 5]]
    assert X.tolist() == [[9, 0, 1, 2, 3, 4]]


def test_bits_per_pixel_of_uniform_logits_is_log2_levels():
    targets = torch.randint(0, 4, (3, 64))
    assert bits_per_pixel(torch.zeros(3, 64, 4), targets) == pytest.approx(2.0)
    sure = torch.nn.functional.one_hot(targets, 4).float() * 50
    assert bits_per_pixel(sure, targets) < 1e-6


def test_independent_baseline_learns_the_marginals():
    train, test = digit_images(levels=4)
    bits = independent_pixel_bits(train, test, 4)
    assert 0.5 < bits < 2.0  # better than uniform (2 bits), not free
    constant = torch.zeros(10, 8, 8, dtype=torch.long)
    assert independent_pixel_bits(constant, constant, 4) == pytest.approx(-math.log2(11 / 14))


def test_show_digits_draws_one_panel_per_image():
    fig = show_digits(torch.zeros(5, 8, 8, dtype=torch.long), levels=4, columns=4)
    assert sum(len(ax.images) for ax in fig.axes) == 5
