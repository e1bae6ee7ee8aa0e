"""Synthetic sequence data sets, deterministic given a generator or seed.

Every data set is generated here or bundled with a package (scikit-learn's digits):
nothing is downloaded.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence

import torch

Batch = tuple[torch.Tensor, torch.Tensor]


class Vocab:
    """A token <-> index table with optional special tokens (PAD, BOS, EOS, UNK).

    >>> v = Vocab.from_text("abca", level="char")
    >>> v.decode(v.encode("cab"))
    'cab'
    """

    def __init__(self, tokens: Iterable[str], specials: Sequence[str] = ()):
        self.itos: list[str] = list(dict.fromkeys([*specials, *tokens]))
        self.stoi: dict[str, int] = {tok: i for i, tok in enumerate(self.itos)}
        self.level = "char"

    @classmethod
    def from_text(cls, text: str, level: str = "char", specials: Sequence[str] = ()) -> "Vocab":
        """Build a vocabulary of the sorted distinct characters or words of ``text``."""
        vocab = cls(sorted(set(tokenize(text, level))), specials)
        vocab.level = level
        return vocab

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, token: str) -> bool:
        return token in self.stoi

    def encode(self, text: str | Sequence[str]) -> list[int]:
        """Indices of the tokens of ``text`` (a string is tokenised at ``self.level``)."""
        tokens = tokenize(text, self.level) if isinstance(text, str) else text
        unknown = [tok for tok in tokens if tok not in self.stoi]
        if unknown and "<unk>" not in self.stoi:
            raise KeyError(f"tokens not in the vocabulary: {sorted(set(unknown))[:5]}")
        return [self.stoi.get(tok, self.stoi.get("<unk>", -1)) for tok in tokens]

    def decode(self, indices: Iterable[int]) -> str:
        """The text of ``indices`` (joined with spaces for a word vocabulary)."""
        sep = " " if self.level == "word" else ""
        return sep.join(self.itos[int(i)] for i in indices)


def tokenize(text: str, level: str = "char") -> list[str]:
    """Split ``text`` into characters (``"char"``) or whitespace-separated words (``"word"``)."""
    if level == "char":
        return list(text)
    if level == "word":
        return text.split()
    raise ValueError(f"level must be 'char' or 'word', not {level!r}")


def copy_task(
    batch_size: int, seq_len: int, num_symbols: int, generator: torch.Generator | None = None
) -> Batch:
    """Random symbol sequences ``X`` of shape (batch_size, seq_len) and targets ``Y = X``.

    Symbols are drawn from ``1..num_symbols``; 0 is left free for padding.
    """
    X = torch.randint(1, num_symbols + 1, (batch_size, seq_len), generator=generator)
    return X, X.clone()


def long_range_recall(
    batch_size: int, seq_len: int, num_symbols: int, generator: torch.Generator | None = None
) -> Batch:
    """Sequences whose label is their first symbol: the rest is noise to remember through.

    ``X`` has shape (batch_size, seq_len) with symbols in ``0..num_symbols-1``;
    ``Y`` has shape (batch_size,) and equals ``X[:, 0]``. Chance accuracy is
    ``1 / num_symbols``; solving it needs memory across ``seq_len`` steps.
    """
    X = torch.randint(0, num_symbols, (batch_size, seq_len), generator=generator)
    return X, X[:, 0].clone()


def batches_forever(make_batch: Callable[[], Batch]) -> Iterator[Batch]:
    """Turn a batch-making function into an endless iterator for :func:`seqgen.train.fit`."""
    while True:
        yield make_batch()


def random_batches(
    X: torch.Tensor, Y: torch.Tensor, batch_size: int, generator: torch.Generator | None = None
) -> Iterator[Batch]:
    """Endless mini-batches of rows of ``(X, Y)`` drawn uniformly with replacement.

    Drawing with replacement keeps every step's batch the same size and makes a run's
    batches depend only on ``generator``, however many steps it takes.
    """
    if len(X) != len(Y):
        raise ValueError(f"X and Y must have as many rows: {len(X)} != {len(Y)}")
    if len(X) == 0 or batch_size < 1:
        raise ValueError("need at least one example and a batch size of at least 1")
    while True:
        rows = torch.randint(0, len(X), (batch_size,), generator=generator)
        yield X[rows], Y[rows]
