import matplotlib.pyplot as plt
import numpy as np
import pytest

from seqgen.sketches import context_mask, draw_context, draw_unrolled


def test_raster_context_is_every_earlier_pixel():
    mask = context_mask(4, 4, 2, 1, "raster")
    assert mask.sum() == 9 and mask[1, 3] and not mask[2, 1]


def test_left_above_context_matches_what_a_grid_recurrence_can_reach():
    """Propagate reachability through the recurrence the chapter's 2-D LSTM computes."""
    height, width = 5, 6
    seen = {}
    for i in range(height):
        for j in range(width):
            field = {(i, j - 1), (i - 1, j), (i - 1, j + 1)}
            field |= seen.get((i - 1, j), set()) | seen.get((i, j - 1), set())
            seen[(i, j)] = {(r, c) for r, c in field if 0 <= r < height and 0 <= c < width}
    for (i, j), field in seen.items():
        expected = np.zeros((height, width), dtype=bool)
        for r, c in field:
            expected[r, c] = True
        assert np.array_equal(context_mask(height, width, i, j, "left-above"), expected), (i, j)


def test_drawings_draw_and_refuse_bad_input():
    ax = draw_unrolled(["<bos>", "a"], ["a", "<eos>"])
    assert len(ax.texts) == 6
    draw_context(8, 8, 3, 4, "raster")
    conditioned = draw_unrolled(["<bos>", "a"], ["a", "<eos>"], condition="image", every_step=True)
    assert len(conditioned.texts) == 7 and len(conditioned.patches) > len(ax.patches)
    plt.close("all")
    with pytest.raises(ValueError, match="outputs"):
        draw_unrolled(["a"], [])
    with pytest.raises(ValueError, match="kind"):
        context_mask(2, 2, 0, 0, "spiral")


def test_show_scenes_draws_each_image_with_its_title():
    from seqgen.sketches import show_scenes

    fig = show_scenes(np.zeros((3, 3, 4, 4)), ["a", "b", "c"], columns=2, marks=[False, True])
    assert sum(len(ax.images) for ax in fig.axes) == 3
    assert [ax.get_title() for ax in fig.axes][:3] == ["a", "b", "c"]
    plt.close(fig)
