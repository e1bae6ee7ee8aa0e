"""A pointer network (Vinyals et al. 2015): the attention weights over the input ARE the output.

The encoder reads a learned END vector followed by the embedded inputs, so position 0 means
"stop" and position i + 1 means input i. At every step the decoder scores every encoder
state with additive attention (``seqgen.seq2seq.Attention``) and those scores are the
logits: the output vocabulary is the input, so a model trained on 5 points can answer
for 50. Positions already chosen are masked, so a hull or a permutation never repeats.

``forward(x (B, n, F), targets (B, T)=None) -> (logits (B, T, n + 1), loss)``: with targets
the decoder is teacher-forced (-100 padding ignored); without, it decodes greedily for
``n + 1`` steps.
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from seqgen.seq2seq import Attention

END = 0


@dataclass
class PointerConfig:
    """Sizes; the defaults are the recipe for convex hulls of a few points."""

    input_size: int = 2
    num_hiddens: int = 64
    attn_size: int = 64


class PointerNetwork(nn.Module):
    """LSTM encoder and decoder; additive attention scores over the inputs are the logits."""

    def __init__(self, config: PointerConfig | None = None):
        super().__init__()
        self.config = config = config or PointerConfig()
        H = config.num_hiddens
        self.embed = nn.Linear(config.input_size, H)
        self.end = nn.Parameter(torch.randn(H) * 0.1)  # the encoder's position 0
        self.start = nn.Parameter(torch.randn(H) * 0.1)  # the decoder's first input
        self.encoder = nn.LSTM(H, H, batch_first=True)
        self.decoder = nn.LSTMCell(H, H)
        self.pointer = Attention("additive", H, H, config.attn_size)

    def encode(self, x):
        """Encoder inputs (B, n + 1, H) with END first, their states and the final state."""
        B = x.shape[0]
        inputs = torch.cat([self.end.expand(B, 1, -1), self.embed(x)], dim=1)  # (B, n+1, H)
        states, (h, c) = self.encoder(inputs)  # (B, n+1, H)
        return inputs, states, (h[0], c[0])

    def forward(self, x, targets=None):
        inputs, states, state = self.encode(x)
        B, positions = states.shape[:2]
        steps = targets.shape[1] if targets is not None else positions
        chosen = torch.zeros(B, positions, dtype=torch.bool)  # points already output
        step_input, logits = self.start.expand(B, -1), []
        for t in range(steps):
            state = self.decoder(step_input, state)
            scores = self.pointer.scores(state[0], states)  # (B, n+1)
            logits.append(scores.masked_fill(chosen, float("-inf")))
            pick = logits[-1].argmax(-1) if targets is None else targets[:, t].clamp(min=0)
            chosen = chosen | (F.one_hot(pick, positions).bool() & (pick != END).unsqueeze(1))
            step_input = inputs[torch.arange(B), pick]  # (B, H): the chosen point's embedding
        logits = torch.stack(logits, dim=1)  # (B, T, n+1)
        if targets is None:
            return logits, None
        safe = logits.masked_fill(logits == float("-inf"), -1e9)  # padding may hit a mask
        return logits, F.cross_entropy(safe.flatten(0, 1), targets.flatten(), ignore_index=-100)


@torch.no_grad()
def greedy_sequences(model: PointerNetwork, x: torch.Tensor) -> list[list[int]]:
    """Greedy position sequences, each cut after its first END (END included)."""
    model.eval()
    logits, _ = model(x)
    out = []
    for row in logits.argmax(-1).tolist():
        out.append(row[: row.index(END) + 1] if END in row else row)
    return out


def exact_accuracy(model: PointerNetwork, x: torch.Tensor, targets: torch.Tensor) -> float:
    """Fraction of inputs whose whole greedy output (up to END) equals the target."""
    predicted = greedy_sequences(model, x)
    wanted = [[v for v in row if v != -100] for row in targets.tolist()]
    return sum(p == w for p, w in zip(predicted, wanted)) / len(wanted)


def sort_batch(batch_size: int, n: int, generator: torch.Generator | None = None):
    """Numbers (B, n, 1) in [0, 1) and targets (B, n + 1): positions in ascending order, END."""
    values = torch.rand(batch_size, n, 1, generator=generator)
    order = values[..., 0].argsort(dim=1) + 1  # (B, n) positions, 1-based
    return values, torch.cat([order, torch.full((batch_size, 1), END)], dim=1)
