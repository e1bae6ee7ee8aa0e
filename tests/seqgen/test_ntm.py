"""NTM addressing, reads and writes follow Graves et al.'s equations; the machine trains."""

import torch

from seqgen import ntm


def test_content_weights_prefer_the_most_similar_row_and_sum_to_one():
    memory = torch.tensor([[[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]])
    w = ntm.content_weights(memory, torch.tensor([[2.0, 0.1]]), torch.tensor([[5.0]]))
    assert w.argmax().item() == 0 and torch.allclose(w.sum(-1), torch.ones(1))
    flat = ntm.content_weights(memory, torch.tensor([[2.0, 0.1]]), torch.tensor([[0.0]]))
    assert torch.allclose(flat, torch.full((1, 3), 1 / 3))


def test_shift_moves_a_one_hot_weighting_circularly():
    w = torch.tensor([[0.0, 0.0, 0.0, 1.0]])
    forward = ntm.circular_shift(w, torch.tensor([[0.0, 0.0, 1.0]]))
    assert forward.tolist() == [[1.0, 0.0, 0.0, 0.0]]
    back = ntm.circular_shift(w, torch.tensor([[1.0, 0.0, 0.0]]))
    assert back.tolist() == [[0.0, 0.0, 1.0, 0.0]]


def test_sharpen_concentrates_and_keeps_a_distribution():
    w = torch.tensor([[0.2, 0.5, 0.3]])
    sharp = ntm.sharpen(w, torch.tensor([[3.0]]))
    assert sharp[0, 1] > w[0, 1] and torch.allclose(sharp.sum(-1), torch.ones(1))


def test_write_erases_then_adds_only_where_the_head_points():
    memory = torch.ones(1, 3, 2)
    w = torch.tensor([[0.0, 1.0, 0.0]])
    out = ntm.write(memory, w, erase=torch.ones(1, 2), add=torch.tensor([[0.5, -0.5]]))
    assert out[0, 1].tolist() == [0.5, -0.5] and out[0, [0, 2]].eq(1).all()
    assert ntm.read(out, w).tolist() == [[0.5, -0.5]]


def test_copy_batch_layout_and_models_shapes():
    x, y = ntm.copy_batch(2, 3, bits=8, generator=torch.Generator().manual_seed(0))
    assert x.shape == (2, 7, 9) and y.shape == (2, 3, 8)
    assert torch.equal(x[:, :3, :8], y) and x[:, 3, 8].eq(1).all() and x[:, 4:].eq(0).all()
    for model in (ntm.NTM(), ntm.LSTMBaseline()):  # shapes only
        logits, loss = model(x, y)
        assert logits.shape == (2, 7, 8) and loss.item() > 0
    assert model is not None


def test_ntm_learns_short_copies_quickly():
    torch.manual_seed(0)
    model = ntm.NTM(ntm.NTMConfig(controller_size=32, slots=8, width=8))
    before = ntm.bit_errors(model, 2, generator=torch.Generator().manual_seed(1))
    gen = torch.Generator().manual_seed(0)
    _, checks = ntm.train_copy(
        model, 100, gen, lr=1e-2, max_length=2, check_every=20, check_length=2, progress=False
    )
    after = ntm.bit_errors(model, 2, generator=torch.Generator().manual_seed(1))
    assert after < before / 2  # 16 bits per sequence; guessing gets about 8 wrong
    assert [step for step, _ in checks] == [20, 40, 60, 80, 100]
    assert model.weightings["read"].shape == (100, 5, 8)


def test_training_stops_after_patience_checks_at_or_below_the_bar():
    torch.manual_seed(0)
    model = ntm.NTM(ntm.NTMConfig(controller_size=16, slots=4, width=4))
    gen = torch.Generator().manual_seed(0)
    history, checks = ntm.train_copy(model, 100, gen, max_length=2, check_every=10,
                                     check_length=2, stop_below=16.0, patience=2,
                                     progress=False)  # fmt: skip
    assert [step for step, _ in checks] == [10, 20] and len(history.losses) == 20
    never, _ = ntm.train_copy(model, 30, gen, max_length=2, check_every=10, check_length=2,
                              stop_below=-1.0, progress=False)  # fmt: skip
    assert len(never.losses) == 30  # a bar no run can reach: every step runs


def test_content_weights_match_torch_cosine_similarity():
    g = torch.Generator().manual_seed(3)
    memory, key = torch.randn(5, 7, 6, generator=g) * 30, torch.randn(5, 6, generator=g)
    beta = torch.rand(5, 1, generator=g) * 10
    expected = torch.softmax(beta * torch.cosine_similarity(memory, key[:, None], dim=-1), -1)
    assert torch.allclose(ntm.content_weights(memory, key, beta), expected, atol=1e-6)
