"""Chapter 06's pictures draw what they are given, on the axes they are given."""

import matplotlib

matplotlib.use("Agg")  # tests only: no display

import matplotlib.pyplot as plt
import numpy as np

from seqgen import geometry, pointer_plots


def test_diagrams_draw_their_boxes():
    ax = pointer_plots.pointer_diagram(num_inputs=3, picks=(1, 3, 0))
    texts = [t.get_text() for t in ax.texts]
    assert "END" in texts and "output:" in texts and "$x_{3}$" in texts
    ax = pointer_plots.pointer_generator_diagram()
    assert any("p_{gen}" in t.get_text() for t in ax.texts)
    plt.close("all")


def test_hull_grid_draws_both_polygons_and_blanks_spare_panels():
    rng = np.random.default_rng(0)
    points = rng.random((6, 2))
    hull = geometry.convex_hull(points)
    fig = pointer_plots.hull_grid([(points, hull, hull[:-1], "wrong")] * 3, columns=2)
    first, spare = fig.axes[0], fig.axes[3]
    assert len(first.lines) == 2 and len(first.lines[0].get_xdata()) == len(hull) + 1
    assert not spare.axison
    plt.close("all")


def test_curves_pointer_step_and_p_gen_bars():
    ax = pointer_plots.accuracy_curves({"a": {5: 0.9, 10: 0.5}}, "t", "y", trained=[5])
    assert list(ax.lines[0].get_ydata()) == [0.9, 0.5]
    _, ax = plt.subplots()
    probs = np.array([0.1, 0.7, 0.2])
    pointer_plots.pointer_step(ax, np.array([[0.2, 0.2], [0.8, 0.5]]), probs, [1], step=2)
    assert "step 3" in ax.get_title() and "0.10" in ax.get_title()
    ax = pointer_plots.p_gen_bars(["my", "kalo"], [0.9, 0.1], [False, True], "p")
    assert [p.get_height() for p in ax.patches] == [0.9, 0.1] and ax.patches[1].get_hatch()
    plt.close("all")
