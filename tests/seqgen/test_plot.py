import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import torch  # noqa: E402

from seqgen.plot import heatmap, plot_curves, smooth  # noqa: E402


def test_smooth_is_a_trailing_mean():
    assert np.allclose(smooth([1, 3, 5, 7], window=2), [1, 2, 4, 6])


def test_plot_curves_draws_one_line_per_curve():
    ax = plot_curves({"a": [3, 2, 1], "b": [1, 1, 1]}, log=True, window=2)
    assert len(ax.lines) == 2 and ax.get_yscale() == "log"


def test_heatmap_labels_axes():
    ax = heatmap(torch.rand(2, 3), xlabels=list("abc"), ylabels=["i", "f"], title="gates")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c"]
    assert ax.get_title() == "gates"
