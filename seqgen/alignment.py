"""Tasks whose correct alignment is known, and measures of a learned alignment.

- :func:`date_task`: "2026-11-30" -> "30 NOV 2026", a translation that reorders its input;
  each output character has a known source position (or several, for a month name).
- :func:`frames_task`: speech-like "acoustic frames": each symbol of a transcript lasts a
  random number of noisy frames; the output is the transcript, so the alignment is monotonic.

Both use the token conventions of :mod:`seqgen.seq2seq` (PAD, BOS, EOS first).
"""

from dataclasses import dataclass

import torch

from seqgen.data import Vocab
from seqgen.seq2seq import EOS

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
DATE_VOCAB = Vocab(list("0123456789- ABCDEFGJLMNOPRSTUVY"), specials=("<pad>", "<bos>", "<eos>"))
NO_SOURCE: tuple[int, ...] = ()


def date_strings(year: int, month: int, day: int) -> tuple[str, str, list[tuple[int, ...]]]:
    """ISO source, spoken-style target and, per target character, its source positions."""
    source = f"{year:04d}-{month:02d}-{day:02d}"
    target = f"{day:02d} {MONTHS[month - 1]} {year:04d}"
    day_pos, month_pos = [(8,), (9,)], [(5, 6)] * 3
    year_pos = [(0,), (1,), (2,), (3,)]
    aligned = [*day_pos, NO_SOURCE, *month_pos, NO_SOURCE, *year_pos]
    return source, target, aligned


def date_task(batch_size: int, generator: torch.Generator | None = None):
    """Batches of ``(X (B, 10), Y (B, 12))`` date pairs and the per-token alignment lists.

    Years 1950-2049, days 1-28 (every month has them). ``Y`` ends with EOS, whose alignment
    is empty like the spaces'.
    """
    years = torch.randint(1950, 2050, (batch_size,), generator=generator).tolist()
    months = torch.randint(1, 13, (batch_size,), generator=generator).tolist()
    days = torch.randint(1, 29, (batch_size,), generator=generator).tolist()
    X, Y, alignments = [], [], []
    for y, m, d in zip(years, months, days, strict=True):
        source, target, aligned = date_strings(y, m, d)
        X.append(DATE_VOCAB.encode(source))
        Y.append([*DATE_VOCAB.encode(list(target)), EOS])
        alignments.append([*aligned, NO_SOURCE])
    return torch.tensor(X), torch.tensor(Y), alignments


@dataclass
class FramesConfig:
    """Sizes of the acoustic-frames task."""

    num_symbols: int = 6
    num_features: int = 8
    min_symbols: int = 3
    max_symbols: int = 6
    min_frames: int = 2
    max_frames: int = 5
    noise: float = 0.6
    seed: int = 0  # fixes the prototypes (the "sounds"), not the utterances


def prototypes(config: FramesConfig) -> torch.Tensor:
    """One fixed feature vector per symbol, (num_symbols, num_features), unit-scale."""
    gen = torch.Generator().manual_seed(config.seed)
    return torch.randn(config.num_symbols, config.num_features, generator=gen)


def frames_task(batch_size: int, config: FramesConfig, generator: torch.Generator | None = None):
    """Noisy frames ``X`` (B, S, F) padded with zero frames, transcripts ``Y`` (B, T).

    Also returns ``segments``: per utterance, the (first, last + 1) frame of each symbol.
    Adjacent symbols differ, so every symbol boundary is audible. Symbols are tokens
    ``3 .. 2 + num_symbols``; ``Y`` ends with EOS and is padded with -100.
    """
    proto = prototypes(config)
    max_frames = config.max_symbols * config.max_frames
    X = torch.zeros(batch_size, max_frames, config.num_features)
    Y = torch.full((batch_size, config.max_symbols + 1), -100)
    segments = []
    for b in range(batch_size):
        symbols = _no_repeats(config, generator)
        durations = torch.randint(config.min_frames, config.max_frames + 1, (len(symbols),),
                                  generator=generator).tolist()  # fmt: skip
        start, spans = 0, []
        for s, n in zip(symbols, durations, strict=True):
            noise = config.noise * torch.randn(n, config.num_features, generator=generator)
            X[b, start : start + n] = proto[s] + noise
            spans.append((start, start + n))
            start += n
        Y[b, : len(symbols)] = torch.tensor(symbols) + 3
        Y[b, len(symbols)] = EOS
        segments.append(spans)
    return X, Y, segments


def _no_repeats(config: FramesConfig, generator) -> list[int]:
    """A random transcript in which no symbol follows itself."""
    length = int(
        torch.randint(config.min_symbols, config.max_symbols + 1, (1,), generator=generator)
    )
    symbols = [int(torch.randint(config.num_symbols, (1,), generator=generator))]
    while len(symbols) < length:
        shift = int(torch.randint(1, config.num_symbols, (1,), generator=generator))
        symbols.append((symbols[-1] + shift) % config.num_symbols)
    return symbols


def argmax_hit_rate(
    weights: torch.Tensor, alignments: list[list[tuple[int, ...]]], reach: int = 0
) -> float:
    """Fraction of aligned output tokens whose attention argmax is one of their source positions.

    ``weights`` (B, T, S); tokens with an empty alignment (spaces, EOS) are not counted.
    ``reach`` also accepts up to that many positions after the last aligned one: a left-to-right
    encoder's state there has just read the token, so it carries it too.
    """
    hits = total = 0
    best = weights.argmax(-1).tolist()  # (B, T)
    for row, aligned in zip(best, alignments, strict=False):
        for t, positions in enumerate(aligned):
            if positions:
                hits += min(positions) <= row[t] <= max(positions) + reach
                total += 1
    return hits / max(total, 1)


def monotonic_fraction(weights: torch.Tensor, Y: torch.Tensor) -> float:
    """Fraction of consecutive output symbols whose attention centre moves forward.

    The centre of step t is sum_i alpha_ti * i (the expected source position). Only steps
    emitting a real symbol count (not EOS or padding).
    """
    positions = torch.arange(weights.shape[-1], dtype=weights.dtype)
    centres = (weights * positions).sum(-1)  # (B, T)
    real = (Y != -100) & (Y != EOS)  # (B, T)
    pairs = real[:, 1:] & real[:, :-1]
    forward = (centres[:, 1:] > centres[:, :-1]) & pairs
    return forward.sum().item() / max(pairs.sum().item(), 1)


def segment_hit_rate(weights: torch.Tensor, segments: list[list[tuple[int, int]]]) -> float:
    """Fraction of output symbols whose attention argmax frame lies inside that symbol's frames."""
    best = weights.argmax(-1).tolist()
    hits = total = 0
    for row, spans in zip(best, segments, strict=True):
        for t, (first, end) in enumerate(spans):
            hits += first <= row[t] < end
            total += 1
    return hits / max(total, 1)
