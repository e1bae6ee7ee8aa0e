import itertools
import math

import pytest
import torch
from torch import nn

from seqgen.decoding import beam_search, greedy_search, sequence_log_prob
from seqgen.seq2seq import BOS, EOS, Seq2Seq, Seq2SeqConfig


class TableModel(nn.Module):
    """Next-token log-probabilities from a table indexed by the previous token only."""

    def __init__(self, table):
        super().__init__()
        self.table = torch.log(torch.tensor(table))  # (V, V): row = previous token

    def encode(self, x):
        return {"dummy": torch.zeros(len(x), 1)}

    def step(self, prev, memory):
        return self.table[prev], memory, None


# tokens: 0 unused, BOS=1, EOS=2, a=3, b=4. Greedy takes a (0.6) then must pay for it.
TRAP = [
    [0.2, 0.2, 0.2, 0.2, 0.2],
    [0.0, 0.0, 0.0, 0.6, 0.4],  # after BOS: a 0.6, b 0.4
    [0.2, 0.2, 0.2, 0.2, 0.2],
    [0.0, 0.0, 0.4, 0.3, 0.3],  # after a: EOS only 0.4
    [0.0, 0.0, 0.95, 0.03, 0.02],  # after b: EOS 0.95
]
X = torch.zeros(1, 3, dtype=torch.long)


def test_beam_finds_the_more_probable_sequence_greedy_misses():
    model = TableModel(TRAP)
    greedy = greedy_search(model, X, max_len=2)
    best = beam_search(model, X, beam_size=2, max_len=2)[0]
    assert greedy.tokens == [3, 2] and math.isclose(
        greedy.log_prob, math.log(0.6 * 0.4), rel_tol=1e-6
    )
    assert best.tokens == [4, 2] and math.isclose(best.log_prob, math.log(0.4 * 0.95), rel_tol=1e-6)


def test_beam_matches_exhaustive_search_on_short_outputs():
    model = TableModel(TRAP)
    best = beam_search(model, X, beam_size=25, max_len=3)[0]
    sequences = [list(s) for n in (1, 2, 3) for s in itertools.product([2, 3, 4], repeat=n)]
    ended = [s for s in sequences if s[-1] == EOS and EOS not in s[:-1]]
    exhaustive = max(ended, key=lambda s: sequence_log_prob(model, X, s))
    assert best.tokens == exhaustive


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_beam_size_one_equals_greedy(seed):
    torch.manual_seed(seed)
    model = Seq2Seq(Seq2SeqConfig(vocab_size=9, num_hiddens=16, embed_size=8))
    x = torch.randint(3, 9, (1, 6))
    greedy = greedy_search(model, x, max_len=8)
    (beam,) = beam_search(model, x, beam_size=1, max_len=8)
    assert beam.tokens == greedy.tokens
    assert math.isclose(beam.log_prob, greedy.log_prob, rel_tol=1e-5)
    assert math.isclose(sequence_log_prob(model, x, greedy.tokens), greedy.log_prob, rel_tol=1e-5)


def test_wider_beam_is_never_less_probable_on_the_trap():
    model = TableModel(TRAP)
    scores = [beam_search(model, X, k, max_len=4)[0].log_prob for k in (1, 2, 3)]
    assert scores == sorted(scores)


def test_length_penalty_and_bad_input():
    model = TableModel(TRAP)
    hyps = beam_search(model, X, beam_size=3, max_len=4, length_penalty=1.0)
    assert all(math.isclose(h.score, h.log_prob / len(h.tokens)) for h in hyps)
    with pytest.raises(ValueError, match="beam_size"):
        beam_search(model, X, beam_size=0, max_len=3)
    with pytest.raises(ValueError, match="one source"):
        greedy_search(model, torch.zeros(2, 3, dtype=torch.long), max_len=3)
    assert BOS == 1
