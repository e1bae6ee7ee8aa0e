import torch

from seqgen.alignment import (
    DATE_VOCAB,
    FramesConfig,
    argmax_hit_rate,
    date_strings,
    date_task,
    frames_task,
    monotonic_fraction,
    segment_hit_rate,
)
from seqgen.seq2seq import EOS


def test_date_strings_reorder_and_align():
    source, target, aligned = date_strings(1994, 1, 28)
    assert (source, target) == ("1994-01-28", "28 JAN 1994")
    assert [source[i] for i in aligned[0] + aligned[1]] == ["2", "8"]
    assert [source[i] for p in aligned[7:] for i in p] == list("1994")


def test_date_task_shapes_and_eos():
    X, Y, alignments = date_task(5, generator=torch.Generator().manual_seed(0))
    assert X.shape == (5, 10) and Y.shape == (5, 12) and (Y[:, -1] == EOS).all()
    assert len(alignments[0]) == 12 and alignments[0][-1] == ()
    assert DATE_VOCAB.decode(X[0])[4] == "-"


def test_frames_task_has_no_repeats_and_matching_segments():
    config = FramesConfig()
    X, Y, segments = frames_task(20, config, generator=torch.Generator().manual_seed(0))
    for y, spans, x in zip(Y.tolist(), segments, X, strict=True):
        symbols = y[: y.index(EOS)]
        assert all(a != b for a, b in zip(symbols, symbols[1:]))
        assert len(spans) == len(symbols) and spans[0][0] == 0
        assert (x[spans[-1][1] :] == 0).all() and (x[: spans[-1][1]].abs().sum(-1) > 0).all()


def test_alignment_measures_on_hand_made_weights():
    eye = torch.eye(4).unsqueeze(0)  # step t looks at position t
    assert argmax_hit_rate(eye, [[(0,), (), (2, 3), (2,)]]) == 2 / 3
    assert argmax_hit_rate(eye, [[(0,), (), (2, 3), (2,)]], reach=1) == 1.0
    Y = torch.tensor([[3, 4, 5, EOS]])
    assert monotonic_fraction(eye, Y) == 1.0
    assert monotonic_fraction(eye.flip(1), Y) == 0.0
    assert segment_hit_rate(eye, [[(0, 1), (1, 3), (3, 4)]]) == 2 / 3
