"""A generated sentiment treebank: binary parse trees with a sentiment level at every node.

Like the Stanford Sentiment Treebank (Socher et al. 2013), every phrase of every sentence
carries one of five levels, 0 (very negative) to 4 (very positive); 2 is neutral. The
grammar is small but has the phenomena a bag of words cannot read:

- **intensifiers** (*very*, *really*, *extremely*) double a score: *very good* is 4;
- **negation** (*not*) flips the sign and weakens strong words: *not good* and *not very
  good* are both 1 (mildly negative), *not terrible* is 3;
- **contrast** (*X but Y*) takes the sentiment of *Y* (of *X* when *Y* is neutral), so
  *not good but great* (4) and *good but not great* (1) hold the same bag of words.

A sentence is a clause or ``(clause (but clause))``; a clause is an adjective phrase or
``((the noun) (is phrase))``; an adjective phrase is ``adj``, ``(very adj)``,
``(not adj)`` or ``(not (very adj))``. Scores live in -2..2 and levels are score + 2.
"""

import random
from collections import Counter
from dataclasses import dataclass

import matplotlib.pyplot as plt

from seqgen.seed import effective_seed

ADJECTIVES = {
    "good": 1, "nice": 1, "fun": 1, "great": 2, "excellent": 2, "brilliant": 2,
    "bad": -1, "dull": -1, "weak": -1, "awful": -2, "terrible": -2, "dreadful": -2,
}  # fmt: skip
INTENSIFIERS = ("very", "really", "extremely")
NOUNS = ("film", "plot", "acting", "story", "ending")
VERBS = ("is", "was")
NEUTRAL = 2  # the level of a word or phrase with no sentiment
LEVELS = 5


@dataclass(frozen=True)
class Tree:
    """A binary parse tree: a leaf holds a word, an inner node two children; both a level."""

    label: int
    word: str | None = None
    left: "Tree | None" = None
    right: "Tree | None" = None

    @property
    def is_leaf(self) -> bool:
        return self.word is not None

    def words(self) -> list[str]:
        """The words under this node, left to right."""
        return [self.word] if self.is_leaf else self.left.words() + self.right.words()

    def nodes(self) -> list["Tree"]:
        """Every node, children before parents (post-order), the root last."""
        return [self] if self.is_leaf else self.left.nodes() + self.right.nodes() + [self]

    def __str__(self) -> str:  # the treebank's bracket notation: (4 (2 very) (3 good))
        inner = self.word if self.is_leaf else f"{self.left} {self.right}"
        return f"({self.label} {inner})"


def leaf(word: str) -> Tree:
    return Tree(ADJECTIVES.get(word, 0) + NEUTRAL, word=word)


def join(label_score: int, left: Tree, right: Tree) -> Tree:
    return Tree(label_score + NEUTRAL, left=left, right=right)


def score(tree: Tree) -> int:
    return tree.label - NEUTRAL


def intensify(s: int) -> int:
    return max(-2, min(2, 2 * s))


def negate(s: int) -> int:
    """not: the sign flips and a strong word weakens (*not great* is mildly negative)."""
    return 0 if s == 0 else (-1 if s > 0 else 1)


def contrast(first: int, second: int) -> int:
    """X but Y: Y decides, unless Y is neutral."""
    return second if second != 0 else first


def adjective_phrase(rng: random.Random, p_intensify: float, p_negate: float) -> Tree:
    tree = leaf(rng.choice(list(ADJECTIVES)))
    if rng.random() < p_intensify:
        tree = join(intensify(score(tree)), leaf(rng.choice(INTENSIFIERS)), tree)
    if rng.random() < p_negate:
        tree = join(negate(score(tree)), leaf("not"), tree)
    return tree


def clause(rng: random.Random, p_intensify: float, p_negate: float) -> Tree:
    phrase = adjective_phrase(rng, p_intensify, p_negate)
    if rng.random() < 0.5:
        return phrase
    subject = join(0, leaf("the"), leaf(rng.choice(NOUNS)))
    return join(score(phrase), subject, join(score(phrase), leaf(rng.choice(VERBS)), phrase))


def sentence(rng: random.Random, p_but=0.5, p_intensify=0.4, p_negate=0.5) -> Tree:
    """One random sentence tree (see the module's grammar)."""
    first = clause(rng, p_intensify, p_negate)
    if rng.random() >= p_but:
        return first
    second = clause(rng, p_intensify, p_negate)
    tail = join(score(second), leaf("but"), second)
    return join(contrast(score(first), score(second)), first, tail)


def treebank(count: int, seed: int = 0, **probabilities) -> list[Tree]:
    """``count`` random sentence trees, reproducible from ``seed``."""
    if count < 1:
        raise ValueError(f"count must be positive, got {count}")
    rng = random.Random(effective_seed(seed))  # make bench's SEQGEN_SEED shifts it
    return [sentence(rng, **probabilities) for _ in range(count)]


def vocabulary() -> list[str]:
    """Every word the grammar can produce, in a fixed order."""
    return [*ADJECTIVES, *INTENSIFIERS, "not", "but", "the", *NOUNS, *VERBS]


def left_branching(words: list[str]) -> Tree:
    """((w1 w2) w3) ...: the tree a left-to-right recurrent network reads (labels neutral)."""
    if not words:
        raise ValueError("need at least one word")
    tree = leaf(words[0])
    for word in words[1:]:
        tree = Tree(NEUTRAL, left=tree, right=leaf(word))
    return tree


def bag_ceiling(phrases: list[list[str]], labels: list[int]) -> float:
    """The best accuracy ANY function of the bag of words can reach on these phrases.

    Phrases with the same multiset of words look identical to a bag-of-words model: the
    best it can do is answer each bag's most frequent label.
    """
    if len(phrases) != len(labels) or not phrases:
        raise ValueError("need as many labels as phrases, and at least one")
    by_bag: dict[tuple, Counter] = {}
    for words, label in zip(phrases, labels):
        by_bag.setdefault(tuple(sorted(words)), Counter())[label] += 1
    return sum(max(c.values()) for c in by_bag.values()) / len(phrases)


def plot_tree(tree: Tree, predicted: list[int] | None = None, ax=None, title: str | None = None):
    """Draw ``tree`` with every node's level (and, below it, a predicted level if given).

    ``predicted`` follows ``tree.nodes()`` order. Levels are written as numbers and coloured
    with the diverging, colour-blind-safe ``coolwarm`` map (blue negative, red positive).
    """
    nodes = tree.nodes()
    position: dict[int, tuple[float, float]] = {}
    leaves = iter(range(len(tree.words())))
    for node in nodes:  # children come first, so a parent sits above their middle
        if node.is_leaf:
            position[id(node)] = (next(leaves), 0.0)
        else:
            (xl, yl), (xr, yr) = position[id(node.left)], position[id(node.right)]
            position[id(node)] = ((xl + xr) / 2, max(yl, yr) + 1)
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4, 0.9 * len(tree.words()) + 1), 3.2))
    colours = plt.get_cmap("coolwarm")
    for index, node in enumerate(nodes):
        x, y = position[id(node)]
        for child in () if node.is_leaf else (node.left, node.right):
            ax.plot(*zip((x, y), position[id(child)]), color="0.5", lw=1, zorder=1)
        text = str(node.label) if predicted is None else f"{node.label}|{predicted[index]}"
        ax.scatter([x], [y], s=520, color=colours(node.label / (LEVELS - 1)), ec="k", zorder=2)
        ax.text(x, y, text, ha="center", va="center", fontsize=9, zorder=3)
        if node.is_leaf:
            ax.text(x, y - 0.55, node.word, ha="center", va="top", fontsize=10)
    ax.set_ylim(-1.2, max(y for _, y in position.values()) + 0.6)
    ax.set_xlim(-0.8, len(tree.words()) - 0.2)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


def minimal_pairs(count: int, seed: int = 0) -> list[Tree]:
    """``count`` pairs of sentences with the same words and opposite readings, in turn.

    ``(not A) but B`` and ``A but (not B)``: the negation moves to the other clause, the
    bag of words stays the same, and the sentiment changes (B's versus not-B's).
    """
    rng = random.Random(effective_seed(seed))
    out = []
    for _ in range(count):
        first, second = (adjective_phrase(rng, 0.4, 0.0) for _ in range(2))
        for negated_first in (True, False):
            a = join(negate(score(first)), leaf("not"), first) if negated_first else first
            b = second if negated_first else join(negate(score(second)), leaf("not"), second)
            out.append(join(contrast(score(a), score(b)), a, join(score(b), leaf("but"), b)))
    return out
