"""The pointer network points at inputs, never twice, and learns to sort short lists."""

import torch

import seqgen
from seqgen import geometry
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
