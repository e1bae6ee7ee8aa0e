"""One training loop for every model with ``forward(x, targets=None) -> (logits, loss)``."""

import io
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import torch
from tqdm.auto import tqdm as live_tqdm
from tqdm.std import tqdm as text_tqdm

from seqgen.data import Batch


@dataclass
class History:
    """What a run recorded per step: loss and gradient norm before clipping."""

    losses: list[float] = field(default_factory=list)
    grad_norms: list[float] = field(default_factory=list)

    @property
    def diverged(self) -> bool:
        """True if the loss became NaN or infinite."""
        return any(not math.isfinite(x) for x in self.losses)

    def final_loss(self, window: int = 20) -> float:
        """Mean loss over the last ``window`` steps."""
        tail = self.losses[-window:]
        return sum(tail) / len(tail)


def fit(
    model: torch.nn.Module,
    batches: Iterable[Batch],
    steps: int,
    lr: float = 1e-3,
    optimizer: str = "adam",
    clip: float | None = None,
    progress: bool = True,
    desc: str = "training",
    stop_on_nan: bool = True,
) -> History:
    """Train ``model`` for ``steps`` batches and return its :class:`History`.

    ``clip`` rescales the gradient so its global norm is at most ``clip``; the recorded
    norm is the one before clipping, so a plot shows what clipping tamed.
    """
    opt = make_optimizer(optimizer, model.parameters(), lr)
    history = History()
    model.train()
    stream: Iterator[Batch] = iter(batches)
    bar = progress_bar(range(steps), desc=desc, disable=not progress)
    for _ in bar:
        X, Y = next(stream)
        _, loss = model(X, targets=Y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), clip if clip else math.inf)
        history.losses.append(loss.item())
        history.grad_norms.append(norm.item())
        bar.set_postfix(loss=f"{loss.item():.3f}", refresh=False)
        if stop_on_nan and not math.isfinite(loss.item()):
            break
        opt.step()
    bar.close()  # a run stopped early still shows its final state, once
    model.eval()
    return history


class FinalStateBar(text_tqdm):
    """A text bar that prints one line, its final state, when it closes.

    Intermediate states go to a buffer nobody reads: a page of the book (or a log) shows
    ``training: 100%|...| 300/300 [..., loss=0.012]`` and not hundreds of carriage-return updates.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, file=io.StringIO(), **kwargs)

    def close(self):
        if self.disable:  # already closed, or never shown
            return
        final = str(self)  # tqdm disables the bar while closing: read the meter first
        super().close()
        sys.stdout.write(final + "\n")
        sys.stdout.flush()


def progress_bar(iterable, desc: str, disable: bool = False):
    """A tqdm bar: a widget in Jupyter, one final text line when ``SEQGEN_PROGRESS=text``.

    The book build (and the tests that execute notebooks for it) set
    ``SEQGEN_PROGRESS=text``, so each rendered page shows only the finished bar, as text,
    which needs no widget manager and no kernel.
    """
    if os.environ.get("SEQGEN_PROGRESS") == "text":
        return FinalStateBar(iterable, desc=desc, disable=disable)
    return live_tqdm(iterable, desc=desc, disable=disable, mininterval=0.5)


def linear_decay(steps: int, decay_from: float = 0.5) -> Callable[[int], float]:
    """Learning-rate factor for ``LambdaLR``: 1 for the first ``decay_from`` of the steps,
    then linearly down to 0 at ``steps``."""
    if not 0 <= decay_from < 1:
        raise ValueError(f"decay_from must be in [0, 1), got {decay_from}")
    start = int(steps * decay_from)

    def factor(step: int) -> float:
        return 1.0 if step < start else max(0.0, (steps - step) / (steps - start))

    return factor


def make_optimizer(name: str, params, lr: float) -> torch.optim.Optimizer:
    """``"adam"`` or ``"sgd"`` over ``params``."""
    if name == "adam":
        return torch.optim.Adam(params, lr=lr)
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr)
    raise ValueError(f"optimizer must be 'adam' or 'sgd', not {name!r}")


@torch.no_grad()
def accuracy(model: torch.nn.Module, X: torch.Tensor, Y: torch.Tensor) -> float:
    """Fraction of positions where ``argmax(logits)`` equals ``Y`` (padding, -100, ignored)."""
    model.eval()
    logits, _ = model(X)
    pred = logits.argmax(dim=-1)
    mask = Y != -100
    return (pred[mask] == Y[mask]).float().mean().item()
