"""The memory network attends over stories, ties its weights and learns task 1."""

import torch

import seqgen
from seqgen import babi
from seqgen.memn2n import (
    MemN2N,
    MemN2NConfig,
    error_rate,
    position_weights,
    support_found,
    training_batches,
)


def small_data(task=1, count=64):
    return babi.encode(babi.generate(task, count, seed=task))


def test_position_weights_depend_on_word_order():
    pe = position_weights(6, 20)
    assert pe.shape == (6, 20) and not torch.allclose(pe[0], pe[1])


def test_attention_is_a_distribution_over_the_story_only():
    data = small_data()
    model = MemN2N(MemN2NConfig(len(babi.vocabulary()), hops=3))
    logits, _ = model((data.stories, data.questions))
    p = model.attention  # (N, hops, M)
    assert logits.shape == (len(data), len(babi.vocabulary())) and p.shape == (64, 3, 20)
    assert torch.allclose(p.sum(-1), torch.ones(64, 3))
    beyond = ~(data.stories != 0).any(-1)  # every slot past the story is empty here
    assert p.masked_select(beyond.unsqueeze(1).expand_as(p)).eq(0).all()


def test_structures_differ_in_their_number_of_tables():
    vocab = len(babi.vocabulary())
    one = MemN2N(MemN2NConfig(vocab, hops=3, structure=1))
    two = MemN2N(MemN2NConfig(vocab, hops=3, structure=2))
    assert len(one.embed) == 1 and len(two.embed) == 4


def test_memory_network_learns_task1():
    gen = seqgen.setup(0)
    train, test = small_data(1, 2000), babi.encode(babi.generate(1, 300, seed=99))
    model = MemN2N(MemN2NConfig(len(babi.vocabulary()), hops=1))
    before = error_rate(model, test)
    seqgen.fit(model, training_batches(train, 32, gen), 400, lr=1e-2, progress=False)
    assert before > 0.6 and error_rate(model, test) < 0.2
    some, every = support_found(model, test)
    assert some == every > 0.8  # one supporting fact per question: the two rates agree
