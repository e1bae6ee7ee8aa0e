"""The pointer network points at inputs, never twice, and learns to sort short lists."""

import pytest
import torch

import seqgen
from seqgen import geometry, pointer
from seqgen.pointer import (
    END,
    PointerConfig,
    PointerNetwork,
    exact_accuracy,
    greedy_sequences,
    sort_batch,
)


def test_logits_cover_the_input_positions_and_mask_chosen_points():
    torch.manual_seed(0)
    model = PointerNetwork()
    points, targets = geometry.hull_batch(3, 6, torch.Generator().manual_seed(0))
    logits, loss = model(points, targets)
    assert logits.shape == (3, 7, 7) and loss.item() > 0
    first = targets[:, 0]
    assert torch.isinf(logits[torch.arange(3), 1, first]).all()  # chosen at step 0: masked
    for sequence in greedy_sequences(model, points):
        points_out = [p for p in sequence if p != END]
        assert len(points_out) == len(set(points_out))  # never the same point twice


def test_one_model_answers_for_any_number_of_inputs():
    model = PointerNetwork(PointerConfig(input_size=1))
    for n in (1, 4, 9):
        logits, _ = model(torch.rand(2, n, 1))
        assert logits.shape == (2, n + 1, n + 1)


def test_pointer_network_learns_to_sort_three_numbers():
    gen = seqgen.setup(0)
    model = PointerNetwork(PointerConfig(input_size=1, num_hiddens=32, attn_size=32))
    X, Y = sort_batch(500, 3, seqgen.make_generator(1))
    before = exact_accuracy(model, X, Y)
    batches = seqgen.batches_forever(lambda: sort_batch(64, 3, gen))
    seqgen.fit(model, batches, 300, lr=5e-3, clip=2.0, progress=False)
    assert before < 0.3 and exact_accuracy(model, X, Y) > 0.8


def test_train_pointer_calls_back_after_every_step():
    seqgen.setup(0)
    model = PointerNetwork(PointerConfig(input_size=1, num_hiddens=8, attn_size=8))
    seen = []
    history = pointer.train_pointer(
        model, lambda: sort_batch(4, 3), 10, progress=False, on_step=seen.append
    )
    assert seen == list(range(1, 11)) and len(history.losses) == 10
    assert not model.training  # left in evaluation mode


def test_mixed_length_batches_draw_every_length():
    batches = pointer.mixed_length_batches(
        sort_batch, 2, range(3, 6), torch.Generator().manual_seed(0)
    )
    lengths = {next(batches)[0].shape[1] for _ in range(40)}
    assert lengths == {3, 4, 5}


def test_hull_metrics_score_the_exact_answer_and_a_wrong_one():
    points, targets = geometry.hull_batch(20, 6, torch.Generator().manual_seed(3))

    class Oracle(torch.nn.Module):  # answers with given positions, as greedy decoding reads them
        def __init__(self, answers):
            super().__init__()
            self.answers = answers

        def forward(self, x, targets=None):
            picks = self.answers.clamp(min=0)  # -100 padding -> END
            return torch.nn.functional.one_hot(picks, x.shape[1] + 1).float(), None

    right = pointer.hull_metrics(Oracle(targets), points, targets)
    assert right == {"accuracy": 1.0, "coverage": pytest.approx(1.0), "valid": 1.0}
    dropped = targets.clone()
    dropped[:, 2] = END  # stop after two vertices: never a polygon
    wrong = pointer.hull_metrics(Oracle(dropped), points, targets)
    assert wrong == {"accuracy": 0.0, "coverage": None, "valid": 0.0}


def test_pointer_distributions_are_distributions_that_never_revisit():
    torch.manual_seed(1)
    model = PointerNetwork(PointerConfig(num_hiddens=8, attn_size=8))
    probs = pointer.pointer_distributions(model, torch.rand(3, 5, 2))
    assert probs.shape == (3, 6, 6)
    assert torch.allclose(probs.sum(-1), torch.ones(3, 6))
    picks = probs.argmax(-1)
    for b, row in enumerate(picks.tolist()):
        for t, pick in enumerate(row):
            if pick != END:
                assert (probs[b, t + 1 :, pick] == 0).all()  # chosen: masked afterwards
