"""The generated sentiment treebank: its labelling rules, minimal pairs and the bag ceiling."""

import pytest

from seqgen import trees


def phrase(text):
    """The level of a phrase built by the grammar's own rules (right-branching)."""
    words = text.split()
    tree = trees.leaf(words[-1])
    for word in reversed(words[:-1]):
        s = trees.score(tree)
        new = trees.negate(s) if word == "not" else trees.intensify(s)
        tree = trees.join(new, trees.leaf(word), tree)
    return tree.label


@pytest.mark.parametrize(
    "text, level",
    [("good", 3), ("very good", 4), ("not good", 1), ("not very good", 1), ("not bad", 3),
     ("not terrible", 3), ("extremely awful", 0), ("really great", 4), ("not great", 1)],
)  # fmt: skip
def test_negation_and_intensifiers_follow_the_stated_rules(text, level):
    assert phrase(text) == level


def test_every_node_has_a_level_and_children_come_first():
    for tree in trees.treebank(200, seed=3):
        nodes = tree.nodes()
        assert nodes[-1] is tree
        for index, node in enumerate(nodes):
            assert 0 <= node.label < trees.LEVELS
            if not node.is_leaf:
                assert nodes.index(node.left) < index and nodes.index(node.right) < index
        assert set(tree.words()) <= set(trees.vocabulary())


def test_contrast_takes_the_second_clause():
    for tree in trees.treebank(300, seed=4):
        if not tree.is_leaf and tree.right.words()[:1] == ["but"]:
            second = tree.right.right.label
            assert tree.label == (second if second != 2 else tree.left.label)


def test_treebank_is_reproducible_and_varied():
    a, b = trees.treebank(50, seed=7), trees.treebank(50, seed=7)
    assert [str(t) for t in a] == [str(t) for t in b]
    assert len({n.label for t in a for n in t.nodes()}) == trees.LEVELS
    with pytest.raises(ValueError):
        trees.treebank(0)


def test_minimal_pairs_share_their_words_and_differ_in_sentiment():
    pairs = trees.minimal_pairs(100, seed=1)
    assert len(pairs) == 200
    for first, second in zip(pairs[::2], pairs[1::2]):
        assert sorted(first.words()) == sorted(second.words())
        assert first.label != second.label
    assert trees.bag_ceiling([t.words() for t in pairs], [t.label for t in pairs]) <= 0.5


def test_bag_ceiling_counts_the_majority_label_per_multiset():
    phrases = [["not", "good"], ["good", "not"], ["good", "not"], ["good"], ["good", "good"]]
    assert trees.bag_ceiling(phrases, [1, 1, 3, 3, 4]) == pytest.approx(4 / 5)
    with pytest.raises(ValueError):
        trees.bag_ceiling(phrases, [1])


def test_left_branching_nests_to_the_left_and_prints_in_bracket_notation():
    tree = trees.left_branching(["a", "b", "c"])
    assert tree.words() == ["a", "b", "c"] and tree.right.word == "c"
    assert str(tree.left) == "(2 (2 a) (2 b))"
    with pytest.raises(ValueError):
        trees.left_branching([])


def test_plot_tree_draws_one_node_per_tree_node():
    import matplotlib.pyplot as plt

    tree = trees.minimal_pairs(1, seed=0)[0]
    ax = trees.plot_tree(tree, predicted=[n.label for n in tree.nodes()])
    assert len(ax.collections) == len(tree.nodes())
    plt.close("all")
