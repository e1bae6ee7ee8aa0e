import pytest
import torch

from seqgen.models import (
    ClassifierConfig,
    SequenceClassifier,
    count_params,
    identity_recurrence,
    set_forget_bias,
)

PAD = 0


def padded_pair(model_seed=0, cell="tanh", bidirectional=False):
    """A padding-aware classifier, one sequence, and the same sequence with <pad> appended."""
    torch.manual_seed(model_seed)
    config = ClassifierConfig(
        num_symbols=5, num_classes=3, num_hiddens=8, cell=cell, bidirectional=bidirectional
    )
    config.pad_id = PAD
    model = SequenceClassifier(config)
    short = torch.tensor([[3, 1, 4, 2]])
    padded = torch.tensor([[3, 1, 4, 2, PAD, PAD, PAD]])
    return model, short, padded


@pytest.mark.parametrize("cell", ["tanh", "relu", "irnn", "lstm", "gru"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_padding_does_not_change_the_prediction(cell, bidirectional):
    model, short, padded = padded_pair(cell=cell, bidirectional=bidirectional)
    with torch.no_grad():
        torch.testing.assert_close(model(padded)[0], model(short)[0])


def test_a_batch_of_different_lengths_matches_each_sequence_alone():
    model, _, _ = padded_pair(cell="lstm", bidirectional=True)
    rows = [torch.tensor([1, 2, 3]), torch.tensor([4]), torch.tensor([2, 2, 2, 2, 1])]
    batch = torch.nn.utils.rnn.pad_sequence(rows, batch_first=True, padding_value=PAD)
    with torch.no_grad():
        together = model(batch)[0]
        alone = torch.cat([model(row[None])[0] for row in rows])
    torch.testing.assert_close(together, alone)


def test_without_pad_id_the_pad_token_is_read_like_any_other():
    model, short, padded = padded_pair()
    model.config.pad_id = None
    with torch.no_grad():
        assert not torch.allclose(model(padded)[0], model(short)[0])


def test_all_padding_and_bad_shapes_are_clear_errors():
    model, _, _ = padded_pair()
    with pytest.raises(ValueError, match="only padding"):
        model(torch.tensor([[PAD, PAD]]))
    with pytest.raises(ValueError, match="batch, time"):
        model(torch.tensor([1, 2, 3]))
    with pytest.raises(ValueError, match="cell must be"):
        SequenceClassifier(ClassifierConfig(num_symbols=3, num_classes=2, cell="lstmm"))


def test_loss_is_cross_entropy_and_trains_the_embedding():
    model, short, _ = padded_pair(cell="gru")
    logits, loss = model(short, targets=torch.tensor([2]))
    torch.testing.assert_close(loss, torch.nn.functional.cross_entropy(logits, torch.tensor([2])))
    loss.backward()
    assert model.embed.weight.grad[short[0]].abs().sum() > 0
    assert model.embed.weight.grad[PAD].abs().sum() == 0  # padding_idx: never trained


def test_count_params_counts_trainable_parameters_only():
    layer = torch.nn.Linear(3, 4)  # 3*4 weights + 4 biases
    assert count_params(layer) == 16
    layer.bias.requires_grad_(False)
    assert count_params(layer) == 12
    lstm, gru = torch.nn.LSTM(5, 7), torch.nn.GRU(5, 7)
    assert count_params(lstm) == 4 * (7 * 5 + 7 * 7 + 2 * 7)
    assert count_params(gru) == 3 * (7 * 5 + 7 * 7 + 2 * 7)


def test_forget_bias_is_set_in_every_layer():
    lstm = torch.nn.LSTM(3, 4, num_layers=2)
    set_forget_bias(lstm, 2.5)
    for layer in range(2):
        total = getattr(lstm, f"bias_ih_l{layer}") + getattr(lstm, f"bias_hh_l{layer}")
        torch.testing.assert_close(total[4:8], torch.full((4,), 2.5))
    config = ClassifierConfig(num_symbols=3, num_classes=2, cell="lstm", forget_bias=-1.0)
    model = SequenceClassifier(config)
    torch.testing.assert_close(
        (model.rnn.bias_ih_l0 + model.rnn.bias_hh_l0)[32:64], torch.full((32,), -1.0)
    )


def test_irnn_starts_at_the_identity_and_carries_the_state():
    rnn = torch.nn.RNN(2, 3, nonlinearity="relu")
    identity_recurrence(rnn, gain=0.5)
    torch.testing.assert_close(rnn.weight_hh_l0, 0.5 * torch.eye(3))
    assert rnn.bias_hh_l0.abs().sum() == 0
    model = SequenceClassifier(ClassifierConfig(num_symbols=3, num_classes=2, cell="irnn"))
    torch.testing.assert_close(model.rnn.weight_hh_l0, torch.eye(32))
