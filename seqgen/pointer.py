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

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from seqgen import geometry
from seqgen.seq2seq import Attention
from seqgen.train import History, linear_decay, progress_bar

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


def train_pointer(
    model: nn.Module,
    make_batch: Callable[[], tuple[torch.Tensor, torch.Tensor]],
    steps: int,
    lr: float = 2e-3,
    decay_from: float = 0.5,
    clip: float = 2.0,
    progress: bool = True,
    desc: str = "pointer network",
    on_step: Callable[[int], None] | None = None,
) -> History:
    """Adam on fresh batches, constant ``lr`` then linear decay to 0, gradient norm clipped.

    Decaying to zero matters here: the last steps average out the noise of fresh random
    batches, which is worth several points of exact-sequence accuracy. ``on_step(k)`` is
    called after step k (1-based): a long run evaluates and saves from there.
    """
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(opt, linear_decay(steps, decay_from))
    history, bar = History(), progress_bar(range(steps), desc=desc, disable=not progress)
    model.train()
    for step in bar:
        _, loss = model(*make_batch())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        schedule.step()
        history.losses.append(loss.item())
        history.grad_norms.append(norm.item())
        bar.set_postfix(loss=f"{loss.item():.3f}", refresh=False)
        if on_step is not None:
            on_step(step + 1)
            model.train()  # the callback may have evaluated
    bar.close()
    model.eval()
    return history


def mixed_length_batches(make_batch: Callable, batch_size: int, lengths, generator):
    """Endless batches, each of one length drawn uniformly from ``lengths`` (e.g. range(5, 11)).

    One length per batch keeps the tensors rectangular; over many steps the model sees
    every length equally often.
    """
    lengths = list(lengths)
    while True:
        n = lengths[int(torch.randint(0, len(lengths), (1,), generator=generator))]
        yield make_batch(batch_size, n, generator)


@torch.no_grad()
def hull_metrics(model: PointerNetwork, points: torch.Tensor, targets: torch.Tensor) -> dict:
    """The paper's two scores on a test set: exact-sequence accuracy and area coverage.

    Coverage is averaged over the predictions that form a simple polygon (None if none
    does); ``valid`` is their fraction (Vinyals et al. report FAIL when more than 1% are invalid).
    """
    predicted = greedy_sequences(model, points)
    wanted = [[v for v in row if v != -100] for row in targets.tolist()]
    coverages = []
    for xy, sequence in zip(points.numpy(), predicted):
        coverage = geometry.area_coverage(xy, geometry.decode_positions(sequence))
        if coverage is not None:
            coverages.append(coverage)
    return {
        "accuracy": sum(p == w for p, w in zip(predicted, wanted)) / len(wanted),
        "coverage": sum(coverages) / len(coverages) if coverages else None,
        "valid": len(coverages) / len(wanted),
    }


@torch.no_grad()
def pointer_distributions(model: PointerNetwork, x: torch.Tensor) -> torch.Tensor:
    """The greedy decoder's pointer distribution at every step, (B, n + 1 steps, n + 1)."""
    model.eval()
    logits, _ = model(x)
    return torch.softmax(logits, dim=-1)  # masked positions get exactly 0
