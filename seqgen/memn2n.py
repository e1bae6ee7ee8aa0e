"""End-to-end memory network (Sukhbaatar et al. 2015) for bAbI-style questions.

Each hop: the question state ``u`` scores every memory slot through the *address*
embedding ``a_i``, a softmax turns scores into attention ``p``, and the answer state
grows by the attention-weighted *content* embedding: ``u <- u + sum_i p_i c_i``.
Sentences become vectors by a position-weighted sum of word embeddings, plus a learned
vector per memory slot (temporal encoding). Weights are tied between adjacent hops:
hop k's content embedding is hop k+1's address embedding, the question embedding is the
first address embedding and the answer layer reads with the last content embedding.

``structure=1`` uses one embedding for address and content (the lecture's first
picture); ``structure=2`` (default) keeps them apart.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

from seqgen.babi import Encoded, add_empty_memories


@dataclass
class MemN2NConfig:
    """Sizes and switches; the defaults are the recipe the chapter trains."""

    vocab_size: int
    dim: int = 20
    hops: int = 3
    memory: int = 20
    words: int = 6
    structure: int = 2
    position_encoding: bool = True
    temporal_encoding: bool = True


def position_weights(words: int, dim: int) -> torch.Tensor:
    """l_kj = (1 - j/J) - (k/d)(1 - 2j/J): word order changes the sentence vector. (J, d)"""
    j = torch.arange(1, words + 1, dtype=torch.float).unsqueeze(1) / words  # (J, 1)
    k = torch.arange(1, dim + 1, dtype=torch.float).unsqueeze(0) / dim  # (1, d)
    return (1 - j) - k * (1 - 2 * j)


class MemN2N(nn.Module):
    """``forward((stories, questions), answers=None) -> (logits over words, loss)``."""

    def __init__(self, config: MemN2NConfig):
        super().__init__()
        self.config = config
        tables = 1 if config.structure == 1 else config.hops + 1
        self.embed = nn.ModuleList(
            nn.Embedding(config.vocab_size, config.dim, padding_idx=0) for _ in range(tables)
        )
        self.temporal = nn.Parameter(torch.zeros(tables, config.memory, config.dim))
        for table in self.embed:
            nn.init.normal_(table.weight, std=0.1)
        nn.init.normal_(self.temporal, std=0.1 if config.temporal_encoding else 0.0)
        self.temporal.requires_grad_(config.temporal_encoding)
        if config.position_encoding:
            self.register_buffer("pe", position_weights(config.words, config.dim))
        else:
            self.register_buffer("pe", torch.ones(config.words, config.dim))
        self.linear_start = False  # True: attention without softmax (early training)
        self.attention: torch.Tensor | None = None  # (B, hops, M) of the last forward

    def table(self, index: int) -> int:
        """Which embedding table plays role ``index`` (0 = question/first address)."""
        return 0 if self.config.structure == 1 else index

    def sentences(self, words: torch.Tensor, index: int) -> torch.Tensor:
        """Position-weighted bag of words: (..., L) word ids -> (..., d)."""
        vectors = self.embed[self.table(index)](words)  # (..., L, d)
        return (vectors * self.pe).sum(dim=-2)

    def hop(self, u, stories, valid, index):
        """One hop: attention of ``u`` over memories, return ``u + o`` and the attention."""
        t = self.table(index)
        a = self.sentences(stories, index) + self.temporal[t]  # (B, M, d) addresses
        c = self.sentences(stories, index + 1) + self.temporal[self.table(index + 1)]
        scores = torch.einsum("bmd,bd->bm", a, u)  # (B, M)
        if self.linear_start:
            p = scores.masked_fill(~valid, 0.0)
        else:
            p = scores.masked_fill(~valid, float("-inf")).softmax(dim=-1)
        return u + torch.einsum("bm,bmd->bd", p, c), p

    def forward(self, x, targets=None):
        stories, questions = x  # (B, M, L), (B, L)
        occupied = (stories != 0).any(dim=-1)  # (B, M)
        valid = occupied.flip(1).cummax(dim=1).values.flip(1)  # slots up to the oldest one
        u = self.sentences(questions, 0)  # (B, d)
        attention = []
        for k in range(self.config.hops):
            u, p = self.hop(u, stories, valid, k)
            attention.append(p.detach())
        self.attention = torch.stack(attention, dim=1)  # (B, hops, M)
        logits = u @ self.embed[self.table(self.config.hops)].weight.T  # (B, V)
        loss = None if targets is None else F.cross_entropy(logits, targets)
        return logits, loss


def training_batches(
    data: Encoded, batch_size: int, generator: torch.Generator, empty_rate: float = 0.1
) -> Iterator[tuple]:
    """Endless shuffled epochs over ``data``, with random empty memories inserted."""
    while True:
        order = torch.randperm(len(data), generator=generator)
        for start in range(0, len(data) - batch_size + 1, batch_size):
            (stories, questions), answers = data.batch(order[start : start + batch_size])
            stories = add_empty_memories(stories, empty_rate, generator)
            yield (stories, questions), answers


@torch.no_grad()
def error_rate(model: MemN2N, data: Encoded) -> float:
    """Fraction of questions answered wrongly."""
    model.eval()
    logits, _ = model((data.stories, data.questions))
    return (logits.argmax(dim=-1) != data.answers).float().mean().item()


@torch.no_grad()
def support_found(model: MemN2N, data: Encoded) -> tuple[float, float]:
    """How often the slots the hops attend to most are supporting facts.

    Returns ``(some, every)``: the fraction of questions where some hop's most attended
    slot is a supporting fact, and where every supporting fact is some hop's top slot.
    """
    model.eval()
    model((data.stories, data.questions))
    top = model.attention.argmax(dim=-1)  # (N, hops)
    looked = F.one_hot(top, data.stories.shape[1]).amax(dim=1).bool()  # (N, M)
    some = (looked & data.support).any(dim=1).float().mean().item()
    every = (data.support <= looked).all(dim=1).float().mean().item()
    return some, every


def plot_attention(example, attention: torch.Tensor, ax=None):
    """Attention per hop (columns) over a story's sentences (rows, oldest at the top).

    ``attention`` is one question's (hops, M) weights, slot 0 = newest sentence; supporting
    sentences are starred. Returns the axes.
    """
    import matplotlib.pyplot as plt

    story = example.story[-attention.shape[1] :]
    rows = attention[:, : len(story)].flip(1).T  # (sentences, hops), oldest first
    labels = [("* " if i in example.support else "") + s for i, s in enumerate(story)]
    if ax is None:
        _, ax = plt.subplots(figsize=(2.2 + 1.1 * rows.shape[1], 0.32 * len(story) + 1.2))
    image = ax.imshow(rows.numpy(), cmap="viridis", vmin=0, vmax=1, aspect="auto")
    ax.set_yticks(range(len(story)), labels=labels)
    ax.set_xticks(range(rows.shape[1]), labels=[f"hop {k + 1}" for k in range(rows.shape[1])])
    ax.set_title(f"{example.question}? -> {example.answer}")
    ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.04, label="attention")
    return ax
