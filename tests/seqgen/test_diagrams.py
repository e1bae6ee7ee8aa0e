import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from seqgen import diagrams  # noqa: E402


def texts(ax):
    return {t.get_text() for t in ax.texts}


def test_unrolled_draws_one_feedback_arrow_per_step_and_rejects_other_kinds():
    ax = diagrams.unrolled(feedback="output", steps=3)
    assert {"$x_1$", "$h_3$", "$y_2$"} <= texts(ax)
    arrows = [t for t in ax.texts if isinstance(t, matplotlib.text.Annotation)]
    crimson = matplotlib.colors.to_rgba("crimson")
    feedback = [a for a in arrows if tuple(a.arrow_patch.get_edgecolor()) == crimson]
    assert len(arrows) == 3 * 2 + 2 and len(feedback) == 2  # x->h, h->y per step; 2 links
    with pytest.raises(ValueError, match="feedback"):
        diagrams.unrolled(feedback="cell")


def test_bidirectional_has_both_chains():
    ax = diagrams.bidirectional(steps=3)
    labels = texts(ax)
    assert r"$\overrightarrow{h}_3$" in labels and r"$\overleftarrow{h}_1$" in labels


def test_lstm_cell_shows_the_four_inputs_and_the_lectures_equations():
    labels = texts(diagrams.lstm_cell())
    assert {"$z$", "$z_i$", "$z_f$", "$z_o$", "$f(z_f)$", "$h(c')$"} <= labels
    assert any("c' = g(z)f(z_i)" in label for label in labels)


def test_gru_cell_shows_reset_update_and_mixing():
    labels = " ".join(texts(diagrams.gru_cell()))
    assert "reset" in labels and "update" in labels and r"(1 - z) \odot \tilde h" in labels
