"""The name-copying translation set keeps test names out of training; the pointer-generator
mixes a proper distribution and learns to copy names it never saw."""

import pytest
import torch

import seqgen
from seqgen import copying
from seqgen.seq2seq import EOS, PAD, Seq2SeqConfig, sequence_accuracy


def names(count=20, seed=0):
    return copying.split_names(count, torch.Generator().manual_seed(seed))


def test_train_and_test_names_are_disjoint_and_not_template_words():
    split = names(50)
    assert len(set(split.train)) == len(set(split.test)) == 50
    assert not set(split.train) & set(split.test)
    assert not (set(split.train) | set(split.test)) & set(copying.template_words())


def test_sentences_translate_words_and_keep_names():
    split = names()
    pairs = copying.sentence_pairs(200, split.train, torch.Generator().manual_seed(1))
    for german, english in pairs:
        people = [w for w in german.split() if w in split.train]
        assert people and sorted(people) == sorted(w for w in english.split() if w in split.train)
        for noun, translated in copying.NOUNS.items():
            assert (noun in german.split()) == (translated in english.split())
    assert any(g.startswith("heute") for g, _ in pairs), "the reordering template never came up"


def test_encoded_batches_pad_and_end_with_eos():
    split = names()
    vocab = copying.build_vocab(split)
    pairs = [("ich heisse " + split.test[0], "my name is " + split.test[0]), ("wo ist x", "")]
    with pytest.raises(KeyError):
        copying.encode_pairs(pairs, vocab)  # "x" is no word of the task
    second = ("wo ist " + split.train[0], "where is " + split.train[0])
    X, Y = copying.encode_pairs([pairs[0], ("ich heisse " + split.train[1], "my name")], vocab)
    assert X.shape == (2, 3) and Y.shape == (2, 5) and Y[0, -1] == EOS
    assert vocab.decode(Y[0, :-1].tolist()) == "my name is " + split.test[0]
    assert (X != PAD).all() and Y[1, 2] == EOS and (Y[1, 3:] == -100).all()
    longer = (f"{split.train[0]} gibt {split.train[1]} den hund", "x")
    X, _ = copying.encode_pairs([second, (longer[0], second[1])], vocab)
    assert X.shape == (2, 5) and (X[0, 3:] == PAD).all() and (X[1] != PAD).all()


def test_pointer_generator_outputs_a_distribution_that_can_copy():
    torch.manual_seed(0)
    split = names()
    vocab = copying.build_vocab(split)
    model = copying.PointerGenerator(Seq2SeqConfig(vocab_size=len(vocab), num_hiddens=16))
    X, Y = copying.translation_batch(4, split.test, vocab, torch.Generator().manual_seed(2))
    logits, loss = model(X, Y)
    assert torch.allclose(logits.exp().sum(-1), torch.ones(logits.shape[:2]), atol=1e-5)
    assert (
        model.last_p_gen.shape == Y.shape
        and ((model.last_p_gen > 0) & (model.last_p_gen < 1)).all()
    )
    model.switch.bias.data.fill_(-30.0)  # p_gen ~ 0: only source words get probability
    logits, _ = model(X, Y)
    outside = torch.ones(4, len(vocab), dtype=torch.bool).scatter(1, X, False)
    assert logits.exp()[outside.unsqueeze(1).expand_as(logits)].max() < 1e-6
    loss.backward()
    assert model.switch.weight.grad.abs().sum() > 0


def test_pointer_generator_refuses_separate_vocabularies():
    with pytest.raises(ValueError, match="share one vocabulary"):
        copying.PointerGenerator(Seq2SeqConfig(vocab_size=10, src_vocab_size=12))
    with pytest.raises(ValueError, match="attention"):
        copying.PointerGenerator(Seq2SeqConfig(vocab_size=10, attention="none"))


def test_pointer_generator_learns_to_copy_unseen_names():
    gen = seqgen.setup(0)
    split = names(50, seed=3)
    vocab = copying.build_vocab(split)
    model = copying.PointerGenerator(Seq2SeqConfig(vocab_size=len(vocab), num_hiddens=32))
    batches = seqgen.batches_forever(lambda: copying.translation_batch(32, split.train, vocab, gen))
    seqgen.fit(model, batches, 250, lr=5e-3, clip=1.0, progress=False)
    X, Y = copying.translation_batch(200, split.test, vocab, seqgen.make_generator(9))
    test_ids = set(vocab.encode(split.test))
    assert copying.word_accuracy_on(model, X, Y, test_ids) > 0.8
    assert sequence_accuracy(model, X, Y) > 0.6
