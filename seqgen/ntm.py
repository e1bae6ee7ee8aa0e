"""A Neural Turing Machine (Graves et al. 2014) and its copy task, small enough for a CPU.

A controller (an LSTM cell with its own state) talks to a memory matrix ``M`` of
``slots`` rows through heads. A head produces a weighting ``w`` over the rows in four
steps: content addressing (cosine similarity of a key with every row, sharpened by a
key strength ``beta``, then softmax), interpolation with the previous weighting (gate
``g``), a circular shift (a distribution ``s`` over offsets -1, 0, +1) and sharpening
(``gamma >= 1``). A read head returns ``r = sum_i w_i M_i``; a write head first erases
(``M_i <- M_i * (1 - w_i e)``) then adds (``M_i <- M_i + w_i a``).

The recipe follows Collier and Beel (2018): memory starts at the constant 1e-6, head
weightings start one-hot at slot 0 and the first read vector is learned.
"""

import copy
import math
from dataclasses import dataclass

import torch
from torch import nn
from torch.nn import functional as F

from seqgen.train import History, progress_bar

# ----------------------------------------------------------------- addressing (pure functions)


def content_weights(memory: torch.Tensor, key: torch.Tensor, beta: torch.Tensor) -> torch.Tensor:
    """softmax_i(beta * cos(key, M_i)): memory (B, N, W), key (B, W), beta (B, 1) -> (B, N)."""
    dots = torch.bmm(memory, key.unsqueeze(-1)).squeeze(-1)  # (B, N): k . M_i
    norms = memory.norm(dim=-1) * key.norm(dim=-1, keepdim=True)  # (B, N): |k| |M_i|
    return torch.softmax(beta * dots / norms.clamp_min(1e-8), dim=-1)


def circular_shift(w: torch.Tensor, s: torch.Tensor) -> torch.Tensor:
    """w~_i = sum_j w_{i-j} s_j over offsets j = -R..R: w (B, N), s (B, 2R+1) -> (B, N)."""
    radius = (s.shape[1] - 1) // 2
    rolled = torch.stack([torch.roll(w, j, dims=1) for j in range(-radius, radius + 1)], 1)
    return (s.unsqueeze(-1) * rolled).sum(dim=1)  # (B, 2R+1, N) -> (B, N)


def sharpen(w: torch.Tensor, gamma: torch.Tensor) -> torch.Tensor:
    """w_i^gamma / sum_j w_j^gamma: undoes the blur a fractional shift causes."""
    powered = (w + 1e-12) ** gamma
    return powered / powered.sum(dim=-1, keepdim=True)


def address(memory, w_prev, key, beta, g, s, gamma):
    """The full addressing pipeline: content, interpolation, shift, sharpening."""
    w_content = content_weights(memory, key, beta)
    w_gated = g * w_content + (1 - g) * w_prev
    return sharpen(circular_shift(w_gated, s), gamma)


def read(memory: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """r = sum_i w_i M_i: (B, N, W), (B, N) -> (B, W)."""
    return torch.einsum("bn,bnw->bw", w, memory)


def write(memory, w, erase, add):
    """Erase then add: M_i * (1 - w_i e) + w_i a, with w (B, N), e and a (B, W)."""
    w = w.unsqueeze(-1)  # (B, N, 1); bmm makes the outer products w e^T and w a^T (B, N, W)
    return memory * (1 - torch.bmm(w, erase.unsqueeze(1))) + torch.bmm(w, add.unsqueeze(1))


# ----------------------------------------------------------------------------- the machine


@dataclass
class NTMConfig:
    """Sizes of the machine; defaults are the chapter's copy-task recipe."""

    input_size: int = 9
    output_size: int = 8
    controller_size: int = 100
    slots: int = 32
    width: int = 16
    shift_radius: int = 1


class Head(nn.Module):
    """Turns the controller state into one head's addressing parameters (and e, a to write)."""

    def __init__(self, config: NTMConfig, writes: bool):
        super().__init__()
        self.width, self.writes = config.width, writes
        self.shifts = 2 * config.shift_radius + 1
        size = config.width + 3 + self.shifts + (2 * config.width if writes else 0)
        self.linear = nn.Linear(config.controller_size, size)

    def forward(self, h, memory, w_prev):
        out = self.linear(h)
        key, beta, g, s, gamma, rest = out.split(
            [self.width, 1, 1, self.shifts, 1, out.shape[1] - self.width - 3 - self.shifts], 1
        )
        w = address(
            memory, w_prev, key, F.softplus(beta), torch.sigmoid(g), s.softmax(-1),
            1 + F.softplus(gamma),
        )  # fmt: skip
        if not self.writes:
            return w, None, None
        erase, add = rest.split(self.width, dim=1)
        return w, torch.sigmoid(erase), torch.tanh(add)


class NTM(nn.Module):
    """``forward(x (B, S, input), targets (B, T, output)=None) -> (logits (B, S, output), loss)``.

    The loss is the binary cross-entropy of the last ``T`` steps against ``targets``.
    After a forward, ``self.weightings`` holds the read and write weightings (B, S, N).
    """

    def __init__(self, config: NTMConfig | None = None):
        super().__init__()
        self.config = config = config or NTMConfig()
        self.controller = nn.LSTMCell(config.input_size + config.width, config.controller_size)
        self.read_head = Head(config, writes=False)
        self.write_head = Head(config, writes=True)
        self.output = nn.Linear(config.controller_size + config.width, config.output_size)
        self.first_read = nn.Parameter(torch.randn(config.width) * 0.01)
        self.weightings: dict[str, torch.Tensor] = {}

    def initial_state(self, batch_size: int):
        c = self.config
        memory = torch.full((batch_size, c.slots, c.width), 1e-6)
        one_hot = torch.zeros(batch_size, c.slots)
        one_hot[:, 0] = 1.0
        h = torch.zeros(batch_size, c.controller_size)
        r = self.first_read.expand(batch_size, c.width)
        return memory, (h, h.clone()), r, one_hot, one_hot.clone()

    def forward(self, x, targets=None):
        memory, state, r, w_read, w_write = self.initial_state(x.shape[0])
        logits, reads, writes = [], [], []
        for t in range(x.shape[1]):
            state = self.controller(torch.cat([x[:, t], r], dim=1), state)
            w_write, erase, add = self.write_head(state[0], memory, w_write)
            memory = write(memory, w_write, erase, add)
            w_read, _, _ = self.read_head(state[0], memory, w_read)
            r = read(memory, w_read)
            logits.append(self.output(torch.cat([state[0], r], dim=1)))
            reads.append(w_read.detach())
            writes.append(w_write.detach())
        self.weightings = {"read": torch.stack(reads, 1), "write": torch.stack(writes, 1)}
        return copy_loss(torch.stack(logits, dim=1), targets)


class LSTMBaseline(nn.Module):
    """The control: an LSTM reading the same inputs, with the same loss."""

    def __init__(self, input_size: int = 9, output_size: int = 8, hidden_size: int = 128):
        super().__init__()
        self.lstm = nn.LSTM(input_size, hidden_size, batch_first=True)
        self.output = nn.Linear(hidden_size, output_size)

    def forward(self, x, targets=None):
        out, _ = self.lstm(x)  # (B, S, H)
        return copy_loss(self.output(out), targets)


def copy_loss(logits, targets):
    """Binary cross-entropy of the last ``targets.shape[1]`` steps (None without targets)."""
    if targets is None:
        return logits, None
    answer = logits[:, -targets.shape[1] :]  # (B, T, bits)
    return logits, F.binary_cross_entropy_with_logits(answer, targets)


# --------------------------------------------------------------------------- the copy task


def copy_batch(batch_size: int, length: int, bits: int = 8, generator=None):
    """Random bit vectors to copy: x (B, 2L+1, bits+1), targets (B, L, bits).

    Steps 0..L-1 show the vectors, step L raises the delimiter channel, the last L steps
    are blank: that is when the model must write the vectors back, in order.
    """
    if length < 1:
        raise ValueError(f"length must be at least 1, not {length}")
    seq = torch.randint(0, 2, (batch_size, length, bits), generator=generator).float()
    x = torch.zeros(batch_size, 2 * length + 1, bits + 1)
    x[:, :length, :bits] = seq
    x[:, length, bits] = 1.0
    return x, seq


@torch.no_grad()
def bit_errors(model: nn.Module, length: int, batch_size: int = 100, generator=None) -> float:
    """Mean number of wrong bits per copied sequence of ``length`` vectors."""
    model.eval()
    x, y = copy_batch(batch_size, length, y_bits(model), generator)
    logits, _ = model(x)
    wrong = (logits[:, -length:] > 0) != (y > 0.5)
    return wrong.float().sum(dim=(1, 2)).mean().item()


def y_bits(model: nn.Module) -> int:
    return model.output.out_features


def train_copy(model, steps, generator, lr=3e-3, batch_size=64, max_length=10, check_every=50,
               check_length=20, stop_below=None, patience=3, progress=True,
               desc="copy task"):  # fmt: skip
    """Adam on random lengths 1..max_length (one per batch), clipping gradient values at 10.

    Every ``check_every`` steps the model copies one fixed validation batch of length
    ``check_length``; the weights with the fewest bit errors are restored at the end,
    because an NTM can jump away from a solution it has found. Training stops early once
    ``patience`` checks in a row have at most ``stop_below`` bit errors per sequence
    (None: never).
    Returns the training :class:`History` and the checks as ``(step, bit errors)`` pairs.
    """
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    history, checks = History(), []
    best = (math.inf, copy.deepcopy(model.state_dict()))
    check_seed = int(torch.randint(0, 2**31, (1,), generator=generator))
    bar = progress_bar(range(1, steps + 1), desc=desc, disable=not progress)
    for step in bar:
        model.train()
        length = int(torch.randint(1, max_length + 1, (1,), generator=generator))
        _, loss = model(*copy_batch(batch_size, length, y_bits(model), generator))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_value_(model.parameters(), 10.0)
        opt.step()
        history.losses.append(loss.item())
        if step % check_every == 0 or step == steps:
            check = torch.Generator().manual_seed(check_seed)
            score = bit_errors(model, check_length, generator=check)
            checks.append((step, score))
            if score < best[0]:
                best = (score, copy.deepcopy(model.state_dict()))
            recent = [score for _, score in checks[-patience:]]
            if stop_below is not None and len(recent) == patience and max(recent) <= stop_below:
                break
    bar.close()  # a run stopped early still shows its final state
    model.load_state_dict(best[1])
    model.eval()
    return history, checks
