import math

import numpy as np
import pytest
import torch

from seqgen.text import (
    BOS,
    EOS,
    PAD,
    WordMarkovSource,
    char_vocab,
    encode_sentences,
    entropy,
    sample_next,
    trim_to_longest,
)


def sentence_nats(source, sentence):
    """Exact negative log-probability of one sentence under the source."""
    index = [source.words.index(w) for w in sentence.split()]
    nats = -math.log(source.start[index[0]])
    for a, b in zip(index, index[1:], strict=False):
        nats -= math.log(source.transition[a, b])
    return nats - math.log(source.transition[index[-1], -1])


def test_entropy_per_token_matches_the_sample_average():
    source = WordMarkovSource.random(seed=0)
    sentences = source.sentences(4000, seed=1)
    nats = sum(sentence_nats(source, s) for s in sentences)
    assert all(math.isclose(-source.log_prob(s), sentence_nats(source, s)) for s in sentences[:50])
    tokens = sum(len(s) + 1 for s in sentences)  # every character plus <eos>
    assert abs(nats / tokens - source.entropy_per_token()) < 0.02 * source.entropy_per_token()
    assert abs(tokens / len(sentences) - source.tokens_per_sentence()) < 1.0


def test_entropy_of_uniform_and_certain_distributions():
    assert entropy(np.ones(4) / 4) == pytest.approx(math.log(4))
    assert entropy(np.array([1.0, 0.0])) == 0


def test_sentences_are_reproducible_and_use_the_words():
    source = WordMarkovSource.random(seed=3)
    a, b = source.sentences(50, seed=7), source.sentences(50, seed=7)
    assert a == b and a != source.sentences(50, seed=8)
    assert {w for s in a for w in s.split()} <= set(source.words)


def test_bad_sources_are_refused():
    with pytest.raises(ValueError, match="sum to 1"):
        WordMarkovSource(["a", "b"], np.array([0.5, 0.6]), np.full((2, 3), 1 / 3))
    with pytest.raises(ValueError, match="no space"):
        WordMarkovSource(["a b", "c"], np.array([0.5, 0.5]), np.full((2, 3), 1 / 3))
    with pytest.raises(ValueError, match="transition"):
        WordMarkovSource(["a", "b"], np.array([0.5, 0.5]), np.full((2, 2), 0.5))


def test_encode_shifts_targets_by_one_and_pads():
    vocab = char_vocab(["ab", "c"])
    assert vocab.stoi[PAD] == 0
    X, Y = encode_sentences(["ab c", "c"], vocab)
    assert X.shape == Y.shape == (2, 5)
    assert vocab.decode(X[0, 1:]) == "ab c" and X[0, 0] == vocab.stoi[BOS]
    assert vocab.decode(Y[0, :4]) == "ab c" and Y[0, 4] == vocab.stoi[EOS]
    assert X[1, 2:].eq(vocab.stoi[PAD]).all() and Y[1, 2:].eq(-100).all()


def test_sample_next_follows_temperature_and_top_k():
    logits = torch.tensor([[2.0, 1.0, 0.0, -1.0]]).repeat(20000, 1)
    g = torch.Generator().manual_seed(0)
    freq = torch.bincount(sample_next(logits, 1.0, generator=g), minlength=4) / 20000
    assert torch.allclose(freq, torch.softmax(logits[0], 0), atol=0.015)
    hot = torch.bincount(sample_next(logits, 0.05, generator=g), minlength=4)
    assert hot[0] == 20000
    top2 = torch.bincount(sample_next(logits, 1.0, top_k=2, generator=g), minlength=4)
    assert top2[2:].sum() == 0 and top2[1] > 0
    with pytest.raises(ValueError, match="temperature"):
        sample_next(logits, 0.0)


def test_log_prob_is_minus_infinity_for_sentences_the_source_never_writes():
    source = WordMarkovSource.random(seed=0)
    assert source.log_prob("zebra") == -math.inf
    assert source.log_prob("the  cat") == -math.inf
    never = [
        (a, b)
        for a in source.words
        for b in source.words
        if source.log_prob(f"{a} {b}") == -math.inf
    ]
    assert never, "a branching-3 source forbids most word pairs"


def test_trim_to_longest_drops_all_padding_columns():
    X = torch.tensor([[1, 2, 0, 0], [1, 0, 0, 0]])
    Y = torch.tensor([[2, 3, -100, -100], [3, -100, -100, -100]])
    X2, Y2 = trim_to_longest(X, Y)
    assert X2.tolist() == [[1, 2], [1, 0]] and Y2.tolist() == [[2, 3], [3, -100]]
