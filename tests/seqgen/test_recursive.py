"""Recursive networks over forests: batching by height equals a tree walk, and they learn."""

import torch

import seqgen
from seqgen import trees
from seqgen.recursive import (
    BagOfWords,
    RecursiveNet,
    TreeConfig,
    encode,
    forest_batches,
    node_accuracy,
    plot_accuracies,
)


def walk(net, tree):
    """A node's vector by plain recursion, one node at a time (the definition)."""
    if tree.is_leaf:
        return net.embed.weight[trees.vocabulary().index(tree.word)]
    left, right = walk(net, tree.left), walk(net, tree.right)
    return net.compose(left.unsqueeze(0), right.unsqueeze(0))[0]


def test_forest_rows_follow_the_trees():
    some = trees.treebank(5, seed=0)
    forest = encode(some)
    assert len(forest) == sum(len(t.nodes()) for t in some)
    assert forest.labels[forest.roots].tolist() == [t.label for t in some]
    inner = forest.left >= 0
    assert (forest.left[inner] < torch.nonzero(inner).flatten()).all()  # children first
    assert torch.equal(
        forest.bags.sum(1)[forest.roots], torch.tensor([len(t.words()) for t in some]).float()
    )
    assert forest.negated.tolist() == ["not" in n.words() for t in some for n in t.nodes()]


def test_batched_states_equal_the_recursive_definition():
    seqgen.setup(0)
    some = trees.treebank(6, seed=1)
    for tensor in (False, True):
        net = RecursiveNet(TreeConfig(dim=5, tensor=tensor))
        states = net.node_states(encode(some))
        forest = encode(some)
        for tree, root in zip(some, forest.roots):
            seqgen.check_close(states[root], walk(net, tree), atol=1e-6)


def test_the_tensor_term_is_a_bilinear_form_per_output_unit():
    seqgen.setup(1)
    net = RecursiveNet(TreeConfig(dim=3, tensor=True))
    a, b = torch.randn(2, 3), torch.randn(2, 3)
    x = torch.cat([a, b], 1)
    want = torch.stack([torch.stack([x[n] @ net.V[k] @ x[n] for k in range(3)]) for n in range(2)])
    seqgen.check_close(net.compose(a, b), torch.tanh(net.W(x) + want), atol=1e-6)


def test_tree_model_learns_negation_and_a_bag_of_words_cannot_read_pairs():
    gen = seqgen.setup(0)
    train = trees.treebank(300, seed=0)
    pairs = encode(trees.minimal_pairs(50, seed=2))
    tree_net, bag = RecursiveNet(TreeConfig(dim=8)), BagOfWords(dim=16, hidden=16)
    for model in (tree_net, bag):
        seqgen.fit(model, forest_batches(train, 16, gen), 150, lr=1e-2, progress=False)
    assert node_accuracy(tree_net, pairs)["roots"] > 0.8
    assert node_accuracy(bag, pairs)["roots"] <= 0.5  # both sentences of a pair look alike


def test_plot_accuracies_draws_a_bar_per_model_and_group():
    import matplotlib.pyplot as plt

    ax = plot_accuracies(
        {"a": {"x": 0.5, "y": 1.0}, "b": {"x": 0.2, "y": 0.3}}, {"x": "X", "y": "Y"}
    )
    assert len(ax.patches) == 4
    plt.close("all")
