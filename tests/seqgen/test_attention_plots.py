import matplotlib

matplotlib.use("Agg")  # tests only: no display

import matplotlib.pyplot as plt
import torch

from seqgen.attention_plots import attention_map, plot_accuracy_by_length, seq2seq_diagram


def test_diagrams_differ_with_and_without_attention():
    _, (top, bottom) = plt.subplots(2, 1)
    with_attention, without = seq2seq_diagram(True, ax=top), seq2seq_diagram(False, ax=bottom)
    assert "recomputed" in with_attention.get_title() and "fixed" in without.get_title()
    assert len(with_attention.patches) > len(without.patches)
    plt.close("all")


def test_attention_map_labels_rows_and_columns():
    ax = attention_map(torch.softmax(torch.randn(3, 4), -1), "abcd", ["x", "y", "EOS"], "t")
    assert [t.get_text() for t in ax.get_xticklabels()] == list("abcd")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["x", "y", "EOS"]
    plt.close("all")


def test_accuracy_by_length_draws_one_bar_per_model_and_length():
    ax = plot_accuracy_by_length({"a": {12: 1.0, 13: 0.5}, "b": {12: 0.2, 13: 0.1}}, "t")
    heights = sorted(round(p.get_height(), 2) for p in ax.patches)
    assert heights == [0.1, 0.2, 0.5, 1.0]
    plt.close("all")
