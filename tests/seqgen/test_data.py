import pytest
import torch

from seqgen.data import Vocab, batches_forever, copy_task, long_range_recall, tokenize


def test_vocab_round_trip_and_specials_first():
    vocab = Vocab.from_text("hello world", specials=["<pad>", "<bos>"])
    assert vocab.itos[:2] == ["<pad>", "<bos>"]
    assert vocab.decode(vocab.encode("low")) == "low"
    assert len(vocab) == 2 + len(set("hello world"))


def test_word_vocab_joins_with_spaces():
    vocab = Vocab.from_text("arrive Taipei on November 2nd", level="word")
    assert vocab.decode(vocab.encode("arrive on 2nd")) == "arrive on 2nd"


def test_unknown_tokens_are_named_or_mapped():
    with pytest.raises(KeyError, match="z"):
        Vocab.from_text("abc").encode("z")
    vocab = Vocab.from_text("abc", specials=["<unk>"])
    assert vocab.encode("az") == [vocab.stoi["a"], vocab.stoi["<unk>"]]


def test_tokenize_rejects_unknown_level():
    with pytest.raises(ValueError, match="level"):
        tokenize("abc", level="byte")


def test_copy_task_is_deterministic_and_avoids_padding():
    X1, Y1 = copy_task(4, 6, 5, torch.Generator().manual_seed(1))
    X2, _ = copy_task(4, 6, 5, torch.Generator().manual_seed(1))
    assert torch.equal(X1, X2) and torch.equal(X1, Y1)
    assert X1.min() >= 1 and X1.max() <= 5


def test_long_range_recall_labels_first_symbol():
    X, Y = long_range_recall(8, 20, 4, torch.Generator().manual_seed(0))
    assert X.shape == (8, 20) and Y.shape == (8,)
    assert torch.equal(Y, X[:, 0])


def test_batches_forever_calls_the_maker_each_time():
    calls = iter(range(3))
    stream = batches_forever(lambda: (torch.tensor(next(calls)), torch.tensor(0)))
    assert [int(next(stream)[0]) for _ in range(3)] == [0, 1, 2]


def test_random_batches_draw_rows_of_x_with_their_y():
    import pytest
    import torch

    from seqgen.data import random_batches

    X = torch.arange(10).repeat(3, 1).T  # row i is [i, i, i]
    Y = torch.arange(10) * 10
    stream = random_batches(X, Y, batch_size=4, generator=torch.Generator().manual_seed(0))
    seen = set()
    for _ in range(50):
        xb, yb = next(stream)
        assert xb.shape == (4, 3) and yb.shape == (4,)
        assert torch.equal(xb[:, 0] * 10, yb)  # each row keeps its label
        seen.update(xb[:, 0].tolist())
    assert seen == set(range(10))  # every row gets drawn
    first = random_batches(X, Y, 4, torch.Generator().manual_seed(1))
    second = random_batches(X, Y, 4, torch.Generator().manual_seed(1))
    assert torch.equal(next(first)[0], next(second)[0])  # the generator alone decides
    with pytest.raises(ValueError, match="as many rows"):
        next(random_batches(X, Y[:3], 2))
    with pytest.raises(ValueError, match="at least one"):
        next(random_batches(X[:0], Y[:0], 2))
