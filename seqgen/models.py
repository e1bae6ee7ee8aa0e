"""Small models and model helpers that more than one chapter uses.

:class:`SequenceClassifier` is the course's many-to-one network: embed the tokens, run a
recurrent layer, classify from the last *valid* state of each sequence. With ``pad_id`` set,
sequences padded on the right are packed, so the state the head reads is the one after the
last real token (not after a run of ``<pad>``), and a backward direction starts there too.
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

CELLS = ("tanh", "relu", "irnn", "lstm", "gru")


def count_params(module: nn.Module) -> int:
    """Number of trainable parameters of ``module``."""
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def set_forget_bias(lstm: nn.LSTM, value: float) -> None:
    """Set every layer's forget-gate bias of ``lstm`` to ``value`` (gate rows: i, f, g, o).

    torch keeps two bias vectors that are added; the value goes into ``bias_ih`` and the
    forget rows of ``bias_hh`` are zeroed, so the sum is exactly ``value``.
    """
    H = lstm.hidden_size
    with torch.no_grad():
        for name, bias in lstm.named_parameters():
            if name.startswith("bias_"):
                bias[H : 2 * H].fill_(value if name.startswith("bias_ih") else 0.0)


def identity_recurrence(rnn: nn.RNN, gain: float = 1.0) -> None:
    """Start ``rnn``'s recurrent matrices at ``gain * I`` and their biases at zero.

    With ReLU units and ``gain = 1`` this is the IRNN of Le et al. (2015): at the start
    the state is carried forward unchanged, so gradients neither vanish nor explode.
    """
    with torch.no_grad():
        for name, weight in rnn.named_parameters():
            if name.startswith("weight_hh"):
                weight.copy_(gain * torch.eye(rnn.hidden_size))
            elif name.startswith("bias_hh"):
                weight.zero_()


@dataclass
class ClassifierConfig:
    """Settings of a many-to-one classifier; ``pad_id`` makes it padding-aware."""

    num_symbols: int
    num_classes: int
    num_hiddens: int = 32
    embed_dim: int | None = None  # None: the same as num_hiddens
    cell: str = "tanh"  # one of CELLS; "irnn" is a ReLU RNN started at W_hh = I
    num_layers: int = 1
    bidirectional: bool = False
    forget_bias: float | None = None  # LSTM only; None keeps torch's initialisation
    pad_id: int | None = None  # right-padding token; None: every position is real


def make_recurrent_layer(config: ClassifierConfig, input_size: int) -> nn.RNNBase:
    """The recurrent layer ``config.cell`` names, batch first, initialised as it says."""
    if config.cell not in CELLS:
        raise ValueError(f"cell must be one of {CELLS}, not {config.cell!r}")
    kwargs = dict(
        num_layers=config.num_layers, bidirectional=config.bidirectional, batch_first=True
    )
    if config.cell in ("lstm", "gru"):
        layer_class = nn.LSTM if config.cell == "lstm" else nn.GRU
        layer = layer_class(input_size, config.num_hiddens, **kwargs)
    else:
        nonlinearity = "tanh" if config.cell == "tanh" else "relu"
        layer = nn.RNN(input_size, config.num_hiddens, nonlinearity=nonlinearity, **kwargs)
    if config.cell == "irnn":
        identity_recurrence(layer)
    if config.cell == "lstm" and config.forget_bias is not None:
        set_forget_bias(layer, config.forget_bias)
    return layer


class SequenceClassifier(nn.Module):
    """Many-to-one: one label per sequence, read from the last valid hidden state."""

    def __init__(self, config: ClassifierConfig):
        super().__init__()
        self.config = config
        embed_dim = config.embed_dim or config.num_hiddens
        self.embed = nn.Embedding(config.num_symbols, embed_dim, padding_idx=config.pad_id)
        self.rnn = make_recurrent_layer(config, embed_dim)
        directions = 2 if config.bidirectional else 1
        self.head = nn.Linear(directions * config.num_hiddens, config.num_classes)

    def lengths(self, x: torch.Tensor) -> torch.Tensor:
        """Number of real tokens per row (B,): all of them unless ``pad_id`` is set."""
        if self.config.pad_id is None:
            return torch.full((x.shape[0],), x.shape[1])
        lengths = (x != self.config.pad_id).sum(dim=1)
        if (lengths == 0).any():
            raise ValueError("a sequence holds only padding: nothing to classify")
        return lengths

    def summary(self, x: torch.Tensor) -> torch.Tensor:
        """The top layer's last valid state, both directions concatenated: (B, dirs * H)."""
        if x.dim() != 2:
            raise ValueError(f"x must be (batch, time) token indices, got shape {tuple(x.shape)}")
        embedded = self.embed(x)  # (B, T, E)
        if self.config.pad_id is not None:
            embedded = pack_padded_sequence(
                embedded, self.lengths(x).cpu(), batch_first=True, enforce_sorted=False
            )
        _, state = self.rnn(embedded)
        h_n = state[0] if isinstance(state, tuple) else state  # (layers * dirs, B, H)
        directions = 2 if self.config.bidirectional else 1
        return torch.cat(list(h_n[-directions:]), dim=-1)  # (B, dirs * H)

    def forward(self, x, targets=None):
        logits = self.head(self.summary(x))  # (B, num_classes)
        return logits, None if targets is None else F.cross_entropy(logits, targets)
