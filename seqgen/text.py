"""A text source whose entropy is known, character tensors, and sampling from a model.

:class:`WordMarkovSource` writes sentences word by word: a first word from ``start``,
then each next word (or the end of the sentence) from the row of ``transition`` of the
word before. Spelled out as characters (a space between words, ``<eos>`` at the end),
the best possible model's cross-entropy per character token is
``entropy_per_token()``: a language model trained on its sentences can be held to it.
"""

import math
from dataclasses import dataclass

import numpy as np
import torch

from seqgen.data import Vocab

PAD, BOS, EOS = "<pad>", "<bos>", "<eos>"
DEFAULT_WORDS = ("the a cat dog bird sees hears chases likes small big red quick and").split()


def entropy(probs: np.ndarray) -> np.ndarray:
    """Shannon entropy in nats along the last axis (0 log 0 = 0)."""
    probs = np.asarray(probs, dtype=float)
    logs = np.log(np.where(probs > 0, probs, 1.0))
    return -(probs * logs).sum(axis=-1)


@dataclass
class WordMarkovSource:
    """Sentences from a first-order Markov chain over words that ends with probability."""

    words: list[str]
    start: np.ndarray  # (W,): P(first word)
    transition: np.ndarray  # (W, W + 1): P(next word | word); the last column is P(end)

    def __post_init__(self):
        num_words = len(self.words)
        if self.start.shape != (num_words,) or self.transition.shape != (num_words, num_words + 1):
            raise ValueError("start must be (W,) and transition (W, W + 1) for W words")
        if not np.allclose(self.start.sum(), 1) or not np.allclose(self.transition.sum(1), 1):
            raise ValueError("start and every row of transition must sum to 1")
        if any(" " in w or not w for w in self.words):
            raise ValueError("words must be non-empty and contain no space")

    @classmethod
    def random(
        cls, words=DEFAULT_WORDS, seed: int = 0, branching: int = 3, end_prob: float = 0.15
    ) -> "WordMarkovSource":
        """A source where each word is followed by one of ``branching`` other words, or the end."""
        rng = np.random.default_rng(seed)
        num_words = len(words)
        start = rng.dirichlet(np.ones(num_words))
        transition = np.zeros((num_words, num_words + 1))
        for index, row in enumerate(transition):
            others = [j for j in range(num_words) if j != index]  # no "red red red"
            successors = rng.choice(others, size=branching, replace=False)
            row[successors] = rng.dirichlet(np.ones(branching)) * (1 - end_prob)
            row[-1] = end_prob
        return cls(list(words), start, transition)

    def sample(self, rng: np.random.Generator) -> str:
        """One sentence (words joined by single spaces)."""
        end = len(self.words)
        index = rng.choice(end, p=self.start)
        out = [self.words[index]]
        while (index := rng.choice(end + 1, p=self.transition[index])) != end:
            out.append(self.words[index])
        return " ".join(out)

    def sentences(self, num_sentences: int, seed: int = 0) -> list[str]:
        """``num_sentences`` sentences, reproducible from ``seed``."""
        rng = np.random.default_rng(seed)
        return [self.sample(rng) for _ in range(num_sentences)]

    def log_prob(self, sentence: str) -> float:
        """Natural log-probability the source writes exactly ``sentence`` (-inf if never)."""
        try:
            index = [self.words.index(w) for w in sentence.split(" ")]
        except ValueError:
            return -math.inf
        probs = [self.start[index[0]], self.transition[index[-1], -1]]
        probs += [self.transition[a, b] for a, b in zip(index, index[1:], strict=False)]
        return float(np.sum(np.log(probs))) if min(probs) > 0 else -math.inf

    def expected_visits(self) -> np.ndarray:
        """Expected number of times each word occurs in a sentence: start (I - Q)^-1."""
        staying = self.transition[:, :-1]
        return np.linalg.solve((np.eye(len(self.words)) - staying).T, self.start)

    def entropy_per_sentence(self) -> float:
        """H(sentence) in nats: the first word's entropy plus each visit's next-word entropy."""
        return float(entropy(self.start) + self.expected_visits() @ entropy(self.transition))

    def tokens_per_sentence(self) -> float:
        """Expected number of predicted tokens: each word's letters plus a space or ``<eos>``."""
        lengths = np.array([len(w) + 1 for w in self.words])
        return float(self.expected_visits() @ lengths)

    def entropy_per_token(self) -> float:
        """The lowest achievable cross-entropy per character token, in nats."""
        return self.entropy_per_sentence() / self.tokens_per_sentence()


def char_vocab(words) -> Vocab:
    """A character vocabulary for sentences of ``words``: specials first (pad is 0)."""
    letters = sorted(set("".join(words)) | {" "})
    return Vocab(letters, specials=[PAD, BOS, EOS])


def encode_sentences(sentences: list[str], vocab: Vocab) -> tuple[torch.Tensor, torch.Tensor]:
    """``X = <bos> s``, ``Y = s <eos>`` as (N, T) tensors; X padded with <pad>, Y with -100."""
    longest = max(len(s) for s in sentences) + 1
    X = torch.full((len(sentences), longest), vocab.stoi[PAD])
    Y = torch.full((len(sentences), longest), -100)
    for row, sentence in enumerate(sentences):
        ids = vocab.encode(sentence)
        X[row, : len(ids) + 1] = torch.tensor([vocab.stoi[BOS], *ids])
        Y[row, : len(ids) + 1] = torch.tensor([*ids, vocab.stoi[EOS]])
    return X, Y


def trim_to_longest(X: torch.Tensor, Y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Cut the columns that are padding in every row of a batch (saves most of the steps)."""
    length = int((Y != -100).sum(1).max())
    return X[:, :length], Y[:, :length]


def sample_next(
    logits: torch.Tensor, temperature: float = 1.0, top_k: int | None = None, generator=None
) -> torch.Tensor:
    """Draw one index per row of ``logits`` (B, V) from softmax(logits / T), kept to the top k."""
    if temperature <= 0:
        raise ValueError(f"temperature must be > 0, not {temperature}")
    scaled = logits / temperature
    if top_k is not None:
        kth = scaled.topk(min(top_k, scaled.shape[-1]), dim=-1).values[..., -1:]
        scaled = scaled.masked_fill(scaled < kth, float("-inf"))
    probs = torch.softmax(scaled, dim=-1)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)  # (B,)
