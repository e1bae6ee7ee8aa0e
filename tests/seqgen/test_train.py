import math

import pytest
import torch

from seqgen.data import batches_forever, long_range_recall
from seqgen.seed import setup
from seqgen.train import History, accuracy, fit, linear_decay


class LastStepGRU(torch.nn.Module):
    """A tiny model with the course interface: forward(x, targets=None) -> (logits, loss)."""

    def __init__(self, num_symbols=4, hidden=16):
        super().__init__()
        self.embed = torch.nn.Embedding(num_symbols, 8)
        self.rnn = torch.nn.GRU(8, hidden, batch_first=True)
        self.out = torch.nn.Linear(hidden, num_symbols)

    def forward(self, x, targets=None):
        states, _ = self.rnn(self.embed(x))
        logits = self.out(states[:, -1])
        loss = None if targets is None else torch.nn.functional.cross_entropy(logits, targets)
        return logits, loss


def test_fit_learns_short_recall_and_records_history():
    generator = setup(0)
    model = LastStepGRU()
    stream = batches_forever(lambda: long_range_recall(32, 4, 4, generator))
    history = fit(model, stream, steps=150, lr=1e-2, progress=False)
    assert len(history.losses) == len(history.grad_norms) == 150
    assert history.final_loss() < 0.5 * history.losses[0]
    X, Y = long_range_recall(256, 4, 4, generator)
    assert accuracy(model, X, Y) > 0.9


def test_clip_records_norm_before_clipping():
    generator = setup(0)
    model = LastStepGRU()
    stream = batches_forever(lambda: long_range_recall(8, 4, 4, generator))
    history = fit(model, stream, steps=3, lr=0.0, optimizer="sgd", clip=1e-6, progress=False)
    assert all(norm > 1e-6 for norm in history.grad_norms)


def test_history_reports_divergence():
    assert History(losses=[1.0, math.nan]).diverged
    assert not History(losses=[1.0, 0.5]).diverged


def test_accuracy_ignores_padding_targets():
    class Fixed(torch.nn.Module):
        def forward(self, x, targets=None):
            return torch.tensor([[[0.0, 1.0], [1.0, 0.0]]]), None

    assert accuracy(Fixed(), torch.zeros(1, 2), torch.tensor([[1, -100]])) == 1.0


def test_progress_bar_is_text_for_the_book_build(monkeypatch, capsys):
    from seqgen.train import progress_bar

    monkeypatch.setenv("SEQGEN_PROGRESS", "text")
    list(progress_bar(range(300), desc="steps"))
    out = capsys.readouterr().out
    assert "steps: 100%" in out
    assert out.count("steps:") == 1 and "\r" not in out, "only the final state is printed"


def test_a_run_stopped_early_prints_its_final_state_once(monkeypatch, capsys):
    monkeypatch.setenv("SEQGEN_PROGRESS", "text")

    class Diverges(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.w = torch.nn.Parameter(torch.ones(()))

        def forward(self, x, targets=None):
            return x, self.w * float("nan")

    batches = batches_forever(lambda: (torch.zeros(1), torch.zeros(1)))
    history = fit(Diverges(), batches, steps=50, desc="run")
    out = capsys.readouterr().out
    assert history.diverged and len(history.losses) == 1
    assert out.count("run:") == 1 and "/50" in out and "loss=nan" in out


def test_linear_decay_holds_then_falls_to_zero():
    factor = linear_decay(100, 0.5)
    assert factor(0) == factor(49) == 1.0
    assert factor(75) == pytest.approx(0.5) and factor(100) == 0.0
    with pytest.raises(ValueError):
        linear_decay(100, 1.0)
