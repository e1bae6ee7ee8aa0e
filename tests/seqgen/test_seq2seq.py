import pytest
import torch

import seqgen
from seqgen.seq2seq import (
    EOS,
    NUM_SPECIALS,
    PAD,
    Attention,
    Seq2Seq,
    Seq2SeqConfig,
    accuracy_by_length,
    cut_at_eos,
    masked_softmax,
    reversal_task,
    sequence_accuracy,
    source_mask,
)


def test_reversal_task_reverses_and_ends_with_eos():
    X, Y = reversal_task(50, min_len=3, max_len=6, num_symbols=5, generator=torch.Generator())
    assert X.shape == (50, 6) and Y.shape == (50, 7)
    for x, y in zip(X.tolist(), Y.tolist(), strict=True):
        src = [t for t in x if t != PAD]
        assert 3 <= len(src) <= 6
        assert all(NUM_SPECIALS <= t < NUM_SPECIALS + 5 for t in src)
        assert y[: len(src)] == src[::-1] and y[len(src)] == EOS
        assert all(t == -100 for t in y[len(src) + 1 :])


def test_reversal_task_rejects_bad_lengths():
    with pytest.raises(ValueError, match="min_len"):
        reversal_task(2, min_len=5, max_len=4)


def test_source_mask_for_tokens_and_frames():
    assert source_mask(torch.tensor([[4, 5, PAD]])).tolist() == [[True, True, False]]
    frames = torch.zeros(1, 3, 2)
    frames[0, 0, 1] = 0.3
    assert source_mask(frames).tolist() == [[True, False, False]]


def test_masked_softmax_gives_zero_weight_to_padding():
    scores = torch.tensor([[300.0, -200.0, 1000.0]])
    weights = masked_softmax(scores, torch.tensor([[True, True, False]]))
    assert weights[0, 2] == 0 and torch.allclose(weights.sum(-1), torch.ones(1))
    assert weights[0, 0] > 0.99


@pytest.mark.parametrize("kind", ["dot", "general", "additive"])
def test_attention_context_is_the_weighted_sum(kind):
    torch.manual_seed(0)
    attn = Attention(kind, 6, 6, attn_size=4)
    query, keys = torch.randn(3, 6), torch.randn(3, 5, 6)
    mask = torch.ones(3, 5, dtype=torch.bool)
    mask[0, 3:] = False
    context, weights = attn(query, keys, mask)
    assert weights.shape == (3, 5) and context.shape == (3, 6)
    assert torch.allclose(weights.sum(-1), torch.ones(3))
    assert (weights[0, 3:] == 0).all()
    assert torch.allclose(context, (weights.unsqueeze(-1) * keys).sum(1), atol=1e-6)


def test_dot_scores_are_inner_products():
    attn = Attention("dot", 2, 2)
    scores = attn.scores(torch.tensor([[1.0, 2.0]]), torch.tensor([[[3.0, 4.0], [0.0, -1.0]]]))
    assert scores.tolist() == [[11.0, -2.0]]


def test_bad_attention_kind_and_dot_sizes_are_refused():
    with pytest.raises(ValueError, match="attention"):
        Seq2Seq(Seq2SeqConfig(vocab_size=5, attention="cosine"))
    with pytest.raises(ValueError, match="query_size == key_size"):
        Attention("dot", 3, 4)


@pytest.mark.parametrize("kind", ["none", "dot", "general", "additive"])
def test_forward_shapes_loss_and_greedy(kind):
    torch.manual_seed(0)
    model = Seq2Seq(Seq2SeqConfig(vocab_size=8, num_hiddens=16, embed_size=8, attention=kind))
    X, Y = reversal_task(4, min_len=2, max_len=5, num_symbols=5)
    logits, loss = model(X, targets=Y)
    assert logits.shape == (4, 6, 8) and loss.ndim == 0 and torch.isfinite(loss)
    assert model.last_attention.shape == (4, 6, 5)
    loss.backward()
    logits, loss = model(X)
    assert logits.shape == (4, 6, 8) and loss is None


def test_padding_does_not_change_the_outputs():
    torch.manual_seed(0)
    model = Seq2Seq(Seq2SeqConfig(vocab_size=8, num_hiddens=16, embed_size=8))
    X = torch.tensor([[3, 4, 5]])
    padded = torch.tensor([[3, 4, 5, PAD, PAD]])
    with torch.no_grad():
        short, _ = model(X, max_len=4)
        long, _ = model(padded, max_len=4)
    assert torch.allclose(short, long, atol=1e-5)
    assert (model.last_attention[0, :, 3:] == 0).all()


def test_frames_as_source():
    model = Seq2Seq(Seq2SeqConfig(vocab_size=6, src_features=4, num_hiddens=8, embed_size=8))
    frames = torch.randn(2, 7, 4)
    logits, _ = model(frames, max_len=3)
    assert logits.shape == (2, 3, 6)


def test_cut_at_eos():
    assert cut_at_eos(torch.tensor([[5, EOS, 4], [3, 3, 3]])) == [[5, EOS], [3, 3, 3]]


def test_attention_model_learns_short_reversal():
    gen = seqgen.setup(0)
    model = Seq2Seq(Seq2SeqConfig(vocab_size=NUM_SPECIALS + 4, num_hiddens=32, embed_size=16))

    def batch():
        return reversal_task(32, min_len=2, max_len=4, num_symbols=4, generator=gen)

    seqgen.fit(model, seqgen.batches_forever(batch), 150, lr=1e-2, progress=False)
    X, Y = reversal_task(200, min_len=2, max_len=4, num_symbols=4, generator=gen)
    assert sequence_accuracy(model, X, Y) > 0.8
    by_length = accuracy_by_length(model, X, Y)
    assert set(by_length) == {2, 3, 4}


def test_linear_encoder_keeps_regions_apart():
    model = Seq2Seq(Seq2SeqConfig(vocab_size=6, src_features=4, encoder="linear", num_hiddens=8))
    frames = torch.randn(1, 5, 4)
    memory = model.encode(frames)
    changed = frames.clone()
    changed[0, 4] += 1.0
    assert torch.equal(memory["states"][0, :4], model.encode(changed)["states"][0, :4])
    with pytest.raises(ValueError, match="encoder"):
        Seq2Seq(Seq2SeqConfig(vocab_size=6, encoder="lstm"))
