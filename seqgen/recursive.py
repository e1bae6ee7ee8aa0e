"""Recursive neural networks over parse trees (Socher et al. 2011, 2013), batched by level.

A batch of trees is flattened into one :class:`Forest`: every node of every tree is a row,
leaves hold a word, inner nodes the rows of their two children. Nodes of the same height
(leaves 0, their parents 1, ...) are independent, so the network computes each height in
one batched call: a sentence of n words costs about log2(n) to n calls, not n per tree.

Models follow the course interface ``forward(forest, targets=None) -> (logits, loss)``:
``logits`` (N, 5) holds one sentiment prediction per node, and the loss averages the
cross-entropy over every node of every tree, as in the Sentiment Treebank.
"""

import random
from dataclasses import dataclass

import matplotlib.pyplot as plt
import torch
import torch.nn.functional as F
from torch import nn

from seqgen.trees import LEVELS, Tree, vocabulary


@dataclass
class Forest:
    """A batch of trees as tensors; row i is node i (children always before parents)."""

    words: torch.Tensor  # (N,) word id of a leaf, -1 for an inner node
    left: torch.Tensor  # (N,) row of the left child, -1 for a leaf
    right: torch.Tensor  # (N,) row of the right child, -1 for a leaf
    labels: torch.Tensor  # (N,) sentiment level of every node
    heights: list[torch.Tensor]  # rows of height 0 (leaves), 1, 2, ...
    roots: torch.Tensor  # (T,) the row of each tree's root
    bags: torch.Tensor  # (N, V) word counts under each node, for bag-of-words models
    negated: torch.Tensor  # (N,) bool: the phrase contains "not"

    def __len__(self) -> int:
        return len(self.labels)


def flatten(trees: list[Tree], stoi: dict[str, int]) -> tuple[list[tuple], list[int]]:
    """(word, left, right, label) per node, children before parents, and each root's row."""
    rows: dict[int, int] = {}
    table, roots = [], []
    for tree in trees:
        for node in tree.nodes():  # post-order: children get their rows first
            rows[id(node)] = len(table)
            if node.is_leaf:
                table.append((stoi[node.word], -1, -1, node.label))
            else:
                table.append((-1, rows[id(node.left)], rows[id(node.right)], node.label))
        roots.append(rows[id(tree)])
    return table, roots


def encode(trees: list[Tree], words: list[str] | None = None) -> Forest:
    """Flatten ``trees`` into one :class:`Forest` (word ids index ``words``)."""
    stoi = {w: i for i, w in enumerate(words or vocabulary())}
    table, roots = flatten(trees, stoi)
    height, bags = [0] * len(table), torch.zeros(len(table), len(stoi))
    for i, (word, left, right, _) in enumerate(table):  # children first: one pass suffices
        if word >= 0:
            bags[i, word] = 1
        else:
            height[i] = 1 + max(height[left], height[right])
            bags[i] = bags[left] + bags[right]
    height_t = torch.tensor(height)
    columns = torch.tensor(table).T  # (4, N): word, left, right, label
    negated = bags[:, stoi["not"]] > 0 if "not" in stoi else torch.zeros(len(table)).bool()
    return Forest(
        *columns,
        heights=[torch.nonzero(height_t == h).flatten() for h in range(max(height) + 1)],
        roots=torch.tensor(roots),
        bags=bags,
        negated=negated,
    )


@dataclass
class TreeConfig:
    vocab_size: int = len(vocabulary())
    dim: int = 16
    classes: int = LEVELS
    tensor: bool = False  # True: the RNTN's x^T V x term


class RecursiveNet(nn.Module):
    """h = tanh(W [left; right] + b) at every inner node (+ [l; r]^T V [l; r] in an RNTN)."""

    def __init__(self, config: TreeConfig | None = None):
        super().__init__()
        self.config = config = config or TreeConfig()
        d = config.dim
        self.embed = nn.Embedding(config.vocab_size, d)
        self.W = nn.Linear(2 * d, d)  # the same W at every node: same-shaped input and output
        self.V = nn.Parameter(torch.randn(d, 2 * d, 2 * d) / (4 * d)) if config.tensor else None
        self.out = nn.Linear(d, config.classes)  # one sentiment classifier for every node

    def compose(self, left: torch.Tensor, right: torch.Tensor) -> torch.Tensor:
        """Parent vectors (B, d) from their children's (B, d) each."""
        x = torch.cat([left, right], dim=-1)  # (B, 2d)
        h = self.W(x)  # (B, d)
        if self.V is not None:
            h = h + torch.einsum("bi,kij,bj->bk", x, self.V, x)  # (B, d): x^T V[k] x
        return torch.tanh(h)

    def node_states(self, forest: Forest) -> torch.Tensor:
        """Every node's vector (N, d), computed one height at a time, leaves first."""
        leaves = forest.heights[0]
        states = torch.zeros(len(forest), self.config.dim)
        states = states.index_copy(0, leaves, self.embed(forest.words[leaves]))
        for rows in forest.heights[1:]:
            parents = self.compose(states[forest.left[rows]], states[forest.right[rows]])
            states = states.index_copy(0, rows, parents)  # out of place: autograd keeps both
        return states

    def forward(self, forest: Forest, targets: torch.Tensor | None = None):
        logits = self.out(self.node_states(forest))  # (N, classes)
        loss = None if targets is None else F.cross_entropy(logits, targets)
        return logits, loss


class BagOfWords(nn.Module):
    """Each phrase as the mean of its word vectors, then a classifier: word order is invisible.

    ``hidden=0`` gives the linear classifier of Socher et al.'s "VecAvg" baseline; otherwise
    a two-layer MLP reads the mean (it can combine words, but still not see their order).
    """

    def __init__(self, vocab_size: int = len(vocabulary()), dim: int = 32, hidden: int = 64):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, dim)
        if hidden:
            self.classify = nn.Sequential(
                nn.Linear(dim, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
                nn.Linear(hidden, LEVELS),
            )  # fmt: skip
        else:
            self.classify = nn.Linear(dim, LEVELS)

    def forward(self, forest: Forest, targets: torch.Tensor | None = None):
        bags = forest.bags / forest.bags.sum(dim=1, keepdim=True)  # (N, V) word frequencies
        logits = self.classify(bags @ self.embed.weight)  # (N, V) @ (V, dim) -> (N, 5)
        loss = None if targets is None else F.cross_entropy(logits, targets)
        return logits, loss


def forest_batches(trees: list[Tree], batch_size: int, generator: torch.Generator):
    """Endless random mini-batches ``(forest, labels)`` of ``batch_size`` trees each."""
    rng = random.Random(int(torch.randint(0, 2**31, (1,), generator=generator)))
    while True:
        forest = encode(rng.sample(trees, batch_size))
        yield forest, forest.labels


@torch.no_grad()
def node_accuracy(model: nn.Module, forest: Forest) -> dict[str, float]:
    """Accuracy over every phrase, over phrases with and without "not", and at the roots."""
    model.eval()
    correct = model(forest)[0].argmax(-1) == forest.labels  # (N,)
    return {
        "all": correct.float().mean().item(),
        "plain": correct[~forest.negated].float().mean().item(),
        "negated": correct[forest.negated].float().mean().item(),
        "roots": correct[forest.roots].float().mean().item(),
    }


def plot_accuracies(results: dict[str, dict[str, float]], groups: dict[str, str], ax=None):
    """Grouped bars: one group per entry of ``groups`` (key -> label), one bar per model.

    Bars differ by hatch as well as colour (tab10), so the figure reads without colour.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.4))
    width = 0.8 / len(results)
    hatches = ("", "//", "..", "xx", "\\\\")
    for i, (name, accuracies) in enumerate(results.items()):
        xs = [g + (i - (len(results) - 1) / 2) * width for g in range(len(groups))]
        values = [accuracies[key] for key in groups]
        ax.bar(xs, values, width, label=name, hatch=hatches[i % len(hatches)], edgecolor="k")
    ax.set_xticks(range(len(groups)), list(groups.values()))
    ax.set_ylabel("accuracy")
    ax.set_ylim(0, 1.05)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    return ax
