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


def test_loss_surface_draws_one_line_and_end_marker_per_path():
    import torch

    from seqgen.plot import loss_surface

    w, u = torch.linspace(0, 2, 5), torch.linspace(0, 1, 4)
    losses = (w[None, :] - 1) ** 2 + u[:, None] ** 2  # (len(u), len(w))
    paths = {"a": torch.tensor([[0.0, 0.5], [1.0, 0.0]]), "b": torch.tensor([[2.0, 1.0]])}
    ax = loss_surface(w, u, losses, paths)
    labels = [line.get_label() for line in ax.get_lines()]
    assert "a" in labels and "b" in labels and "start" in labels
    assert len(ax.get_lines()) == 2 * len(paths) + 1
