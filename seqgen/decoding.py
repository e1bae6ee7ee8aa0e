"""Greedy and beam-search decoding for any model with ``encode`` and ``step``.

The model contract (``seqgen.seq2seq.Seq2Seq`` follows it):

- ``memory = model.encode(x)``: a dict of tensors whose first axis is the batch;
- ``logits, memory, weights = model.step(prev_tokens, memory)``: one decoder step for
  ``prev_tokens`` (B,), returning next-token logits (B, V).

Decoding starts from ``BOS`` and a hypothesis ends when it emits ``EOS`` (kept in its tokens)
or reaches ``max_len`` tokens. Scores are sums of natural-log probabilities, optionally divided
by ``length ** length_penalty`` to compare hypotheses of different lengths.
"""

from dataclasses import dataclass

import torch

from seqgen.seq2seq import BOS, EOS


@dataclass
class Hypothesis:
    """A decoded sequence, its total log-probability and its length-normalised score."""

    tokens: list[int]
    log_prob: float
    score: float


def select(memory: dict, rows: torch.Tensor) -> dict:
    """Pick (and repeat) batch rows of every tensor in ``memory``."""
    return {k: v[rows] if isinstance(v, torch.Tensor) else v for k, v in memory.items()}


def normalised(log_prob: float, length: int, length_penalty: float) -> float:
    """The score used to rank hypotheses: log_prob / length ** length_penalty."""
    return log_prob / max(length, 1) ** length_penalty


@torch.no_grad()
def greedy_search(model, x: torch.Tensor, max_len: int) -> Hypothesis:
    """Pick the most probable token at every step for one source ``x`` of shape (1, S)."""
    _check_single(x)
    model.eval()
    memory, prev = model.encode(x), torch.tensor([BOS])
    tokens, total = [], 0.0
    for _ in range(max_len):
        logits, memory, _ = model.step(prev, memory)
        log_probs = torch.log_softmax(logits[0], -1)
        prev = log_probs.argmax().view(1)
        tokens.append(int(prev))
        total += float(log_probs[prev])
        if tokens[-1] == EOS:
            break
    return Hypothesis(tokens, total, total)


@torch.no_grad()
def beam_search(
    model, x: torch.Tensor, beam_size: int, max_len: int, length_penalty: float = 0.0
) -> list[Hypothesis]:
    """Keep the ``beam_size`` best partial sequences per step; return finished ones, best first.

    A hypothesis that emits EOS leaves the beam and is set aside; the search stops when
    ``beam_size`` hypotheses have finished or ``max_len`` steps have run (unfinished ones then
    count as they are).
    """
    _check_single(x)
    if beam_size < 1:
        raise ValueError(f"beam_size must be at least 1, not {beam_size}")
    model.eval()
    memory = model.encode(x)
    beams: list[tuple[list[int], float]] = [([], 0.0)]
    finished: list[Hypothesis] = []
    for _ in range(max_len):
        prev = torch.tensor([toks[-1] if toks else BOS for toks, _ in beams])
        logits, memory, _ = model.step(prev, memory)
        log_probs = torch.log_softmax(logits, -1)  # (beams, V)
        totals = torch.tensor([lp for _, lp in beams]).unsqueeze(1) + log_probs  # (beams, V)
        best = totals.flatten().topk(min(beam_size, totals.numel()))
        vocab = log_probs.shape[1]
        rows, kept = [], []
        for value, index in zip(best.values.tolist(), best.indices.tolist(), strict=True):
            row, token = divmod(index, vocab)
            tokens = [*beams[row][0], token]
            if token == EOS:
                finished.append(
                    Hypothesis(tokens, value, normalised(value, len(tokens), length_penalty))
                )
            else:
                rows.append(row)
                kept.append((tokens, value))
        if len(finished) >= beam_size or not kept:
            break
        beams, memory = kept, select(memory, torch.tensor(rows))
    else:
        for tokens, value in beams:
            finished.append(
                Hypothesis(tokens, value, normalised(value, len(tokens), length_penalty))
            )
    return sorted(finished, key=lambda h: h.score, reverse=True)[:beam_size]


@torch.no_grad()
def sequence_log_prob(model, x: torch.Tensor, tokens: list[int]) -> float:
    """Log-probability the model gives ``tokens`` (teacher-forced) for one source ``x`` (1, S)."""
    _check_single(x)
    model.eval()
    memory, prev, total = model.encode(x), torch.tensor([BOS]), 0.0
    for token in tokens:
        logits, memory, _ = model.step(prev, memory)
        total += float(torch.log_softmax(logits[0], -1)[token])
        prev = torch.tensor([token])
    return total


def _check_single(x: torch.Tensor) -> None:
    if x.dim() < 2 or x.shape[0] != 1:
        raise ValueError(
            f"decode one source at a time: x must have shape (1, S, ...), not {tuple(x.shape)}"
        )
