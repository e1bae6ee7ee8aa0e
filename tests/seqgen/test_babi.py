"""The bAbI-style generator writes stories whose answers follow from their supporting facts."""

import pytest
import torch

from seqgen import babi


def test_task1_answer_is_in_the_last_sentence_about_the_person():
    for ex in babi.generate(1, 200, seed=3):
        actor = ex.question.split()[-1]
        (index,) = ex.support
        assert ex.story[index].startswith(actor) and ex.story[index].endswith(ex.answer)
        later = [s for s in ex.story[index + 1 :] if s.startswith(actor)]
        assert later == []


def test_task2_needs_two_facts_an_object_sentence_and_a_move():
    for ex in babi.generate(2, 300, seed=4):
        obj = ex.question.split()[-1]
        facts = [ex.story[i] for i in ex.support]
        assert any(obj in fact for fact in facts)
        assert any(fact.endswith(ex.answer) for fact in facts)
        assert ex.answer in babi.PLACES and len(ex.story) <= 20


def test_generation_is_reproducible_and_task_is_checked():
    assert babi.generate(2, 5, seed=1) == babi.generate(2, 5, seed=1)
    with pytest.raises(ValueError, match="task"):
        babi.generate(3, 1)


def test_encode_puts_the_newest_sentence_first_and_marks_support():
    ex = babi.Example(["mary moved to the office", "john went to the garden"], "where is mary",
                      "office", [0])  # fmt: skip
    enc = babi.encode([ex], memory=4)
    vocab = babi.vocabulary()
    assert vocab[enc.stories[0, 0, 0]] == "john" and vocab[enc.stories[0, 1, 0]] == "mary"
    assert enc.support[0].tolist() == [False, True, False, False]
    assert vocab[enc.answers[0]] == "office" and enc.stories[0, 2:].eq(0).all()


def test_empty_memories_keep_order_and_drop_the_oldest():
    stories = torch.arange(1, 9).view(1, 8, 1).expand(50, 8, 3)
    out = babi.add_empty_memories(stories, 0.3, torch.Generator().manual_seed(0))
    for row in out[:, :, 0]:
        kept = row[row != 0]
        assert kept.tolist() == list(range(1, len(kept) + 1))
    assert (out == 0).any()
