"""An RNN encoder-decoder with pluggable attention, and the long-input reversal task.

The model follows the course interface ``logits, loss = model(x, targets=None)``:

- ``x`` is the **source**: token indices (B, S) padded with ``PAD = 0``, or feature frames
  (B, S, F) (set ``Seq2SeqConfig.src_features``) padded with all-zero frames.
- ``targets`` (B, T) are output token indices ending with ``EOS``, padded with -100. With
  targets the decoder is teacher-forced (it reads ``BOS, y_1 .. y_{T-1}``) and ``loss`` is the
  mean cross-entropy over non-padded positions. Without targets it decodes greedily for
  ``max_len`` steps (default S + 1) and ``loss`` is None.

The decoder follows the lecture's picture (Bahdanau et al. 2015): before emitting token t it
matches its previous state z_{t-1} with every encoder state h_i, turns the scores into weights
alpha with a softmax over the source, and reads the context c_t = sum_i alpha_i h_i, which feeds
the next RNN step and the read-out. With ``attention="none"`` c_t is the encoder's final state
at every step: the fixed-vector baseline with the same decoder and the same sizes.
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from seqgen.data import Batch

PAD, BOS, EOS = 0, 1, 2
NUM_SPECIALS = 3
ATTENTION_KINDS = ("none", "dot", "general", "additive")


def reversal_task(
    batch_size: int,
    min_len: int = 12,
    max_len: int = 15,
    num_symbols: int = 10,
    generator: torch.Generator | None = None,
) -> Batch:
    """Random symbol strings and their reversal followed by EOS.

    ``X`` (B, max_len) holds symbols ``3 .. 2 + num_symbols`` padded with ``PAD``; ``Y``
    (B, max_len + 1) holds the reversed symbols, then ``EOS``, then -100. Lengths are uniform
    in ``min_len .. max_len``. The vocabulary size is ``NUM_SPECIALS + num_symbols``.
    """
    if not 1 <= min_len <= max_len:
        raise ValueError(f"need 1 <= min_len <= max_len, got {min_len}, {max_len}")
    lengths = torch.randint(min_len, max_len + 1, (batch_size,), generator=generator)
    shape = (batch_size, max_len)
    symbols = torch.randint(NUM_SPECIALS, NUM_SPECIALS + num_symbols, shape, generator=generator)
    X = torch.full((batch_size, max_len), PAD)
    Y = torch.full((batch_size, max_len + 1), -100)
    for b, n in enumerate(lengths.tolist()):
        X[b, :n] = symbols[b, :n]
        Y[b, :n] = symbols[b, :n].flip(0)
        Y[b, n] = EOS
    return X, Y


def source_mask(x: torch.Tensor) -> torch.Tensor:
    """True at real source positions: tokens != PAD, or frames that are not all zero."""
    return x != PAD if x.dim() == 2 else x.abs().sum(-1) > 0


def masked_softmax(scores: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
    """Softmax over the last axis giving exactly zero weight where ``mask`` is False."""
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    return torch.softmax(scores, dim=-1)


class Attention(nn.Module):
    """Match a query z (B, D) with keys H (B, S, E): scores, weights and the context vector.

    ``kind`` is the match function: ``"dot"`` z.h (needs D == E), ``"general"`` z^T W h
    (bilinear), ``"additive"`` v^T tanh(W_z z + W_h h) (a small network, Bahdanau).
    """

    def __init__(self, kind: str, query_size: int, key_size: int, attn_size: int = 32):
        super().__init__()
        if kind not in ATTENTION_KINDS[1:]:
            raise ValueError(f"attention kind must be one of {ATTENTION_KINDS[1:]}, not {kind!r}")
        if kind == "dot" and query_size != key_size:
            raise ValueError(
                f"dot attention needs query_size == key_size, got {query_size}, {key_size}"
            )
        self.kind = kind
        if kind == "general":
            self.W = nn.Linear(key_size, query_size, bias=False)
        if kind == "additive":
            self.W_q = nn.Linear(query_size, attn_size, bias=False)
            self.W_k = nn.Linear(key_size, attn_size)
            self.v = nn.Linear(attn_size, 1, bias=False)

    def scores(self, query: torch.Tensor, keys: torch.Tensor) -> torch.Tensor:
        """Match scores (B, S) of the query against every key."""
        if self.kind == "dot":
            return torch.einsum("bd,bsd->bs", query, keys)
        if self.kind == "general":
            return torch.einsum("bd,bsd->bs", query, self.W(keys))
        hidden = torch.tanh(self.W_q(query).unsqueeze(1) + self.W_k(keys))  # (B, S, A)
        return self.v(hidden).squeeze(-1)  # (B, S)

    def forward(self, query, keys, mask=None):
        """Return the context (B, E) and the attention weights (B, S)."""
        weights = masked_softmax(self.scores(query, keys), mask)  # (B, S)
        context = torch.einsum("bs,bse->be", weights, keys)  # (B, E)
        return context, weights


@dataclass
class Seq2SeqConfig:
    """Sizes of the encoder-decoder. ``src_features`` > 0 means the source is float frames."""

    vocab_size: int
    src_vocab_size: int | None = None  # defaults to vocab_size
    src_features: int = 0
    embed_size: int = 32
    num_hiddens: int = 64
    attention: str = "additive"
    attn_size: int = 32
    encoder: str = "gru"  # "gru" reads the source in order; "linear" keeps positions apart


class Seq2Seq(nn.Module):
    """GRU encoder, GRU decoder, attention between them (see the module docstring)."""

    def __init__(self, config: Seq2SeqConfig):
        super().__init__()
        if config.attention not in ATTENTION_KINDS:
            raise ValueError(
                f"attention must be one of {ATTENTION_KINDS}, not {config.attention!r}"
            )
        self.config = config
        E, H = config.embed_size, config.num_hiddens
        if config.src_features:
            self.src_embed = nn.Linear(config.src_features, E)
        else:
            self.src_embed = nn.Embedding(config.src_vocab_size or config.vocab_size, E)
        if config.encoder not in ("gru", "linear"):
            raise ValueError(f"encoder must be 'gru' or 'linear', not {config.encoder!r}")
        self.encoder = nn.GRU(E, H, batch_first=True) if config.encoder == "gru" else None
        self.region = nn.Linear(E, H) if config.encoder == "linear" else None
        self.tgt_embed = nn.Embedding(config.vocab_size, E)
        self.decoder = nn.GRUCell(E + H, H)
        self.attention = None
        if config.attention != "none":
            self.attention = Attention(config.attention, H, H, config.attn_size)
        self.readout = nn.Linear(2 * H, config.vocab_size)
        self.last_attention: torch.Tensor | None = None  # (B, T, S) of the latest forward

    def encode(self, x: torch.Tensor) -> dict:
        """Encoder states (B, S, H), the mask (B, S) and the first decoder state (B, H)."""
        mask = source_mask(x)
        if self.encoder is None:  # image regions: no order to read them in
            states = torch.tanh(self.region(self.src_embed(x))) * mask.unsqueeze(-1)  # (B, S, H)
            final = states.sum(1) / mask.sum(1, keepdim=True).clamp(min=1)  # mean region, (B, H)
        else:
            states, _ = self.encoder(self.src_embed(x))  # (B, S, H)
            states = states * mask.unsqueeze(-1)  # padded positions hold nothing
            last = mask.sum(1).clamp(min=1) - 1  # index of each sequence's last real position
            final = states[torch.arange(len(x)), last]  # (B, H)
        return {"states": states, "mask": mask, "final": final, "hidden": final}

    def step(self, prev_tokens: torch.Tensor, memory: dict):
        """One decoder step: previous tokens (B,) -> logits (B, V), new memory, weights (B, S)."""
        z = memory["hidden"]
        if self.attention is None:
            context, weights = memory["final"], memory["mask"].float() * 0
        else:
            context, weights = self.attention(z, memory["states"], memory["mask"])
        inp = torch.cat([self.tgt_embed(prev_tokens), context], dim=-1)  # (B, E + H)
        z = self.decoder(inp, z)  # (B, H)
        logits = self.readout(torch.cat([z, context], dim=-1))  # (B, V)
        return logits, {**memory, "hidden": z}, weights

    def decode(self, memory: dict, steps: int, targets=None, feed_own_prob: float = 0.0):
        """Run ``steps`` decoder steps; feed targets (teacher forcing) or own argmax outputs.

        With targets, each step feeds the model's own previous prediction instead of the
        true token with probability ``feed_own_prob`` (scheduled sampling; 0 = teacher forcing).
        """
        B = memory["states"].shape[0]
        prev = torch.full((B,), BOS, dtype=torch.long, device=memory["states"].device)
        all_logits, all_weights = [], []
        for t in range(steps):
            logits, memory, weights = self.step(prev, memory)
            all_logits.append(logits)
            all_weights.append(weights)
            prev = logits.argmax(-1)
            if targets is not None:
                truth = targets[:, t].clamp(min=0)  # -100 padding: any token, its loss is ignored
                own = torch.rand(B, device=prev.device) < feed_own_prob
                prev = torch.where(own, prev, truth)
        self.last_attention = torch.stack(all_weights, 1)  # (B, T, S)
        return torch.stack(all_logits, 1)  # (B, T, V)

    def forward(self, x, targets=None, max_len=None, feed_own_prob=0.0):
        """Teacher-forced logits and loss with targets; greedy logits without (see module doc)."""
        memory = self.encode(x)
        steps = targets.shape[1] if targets is not None else (max_len or x.shape[1] + 1)
        logits = self.decode(memory, steps, targets, feed_own_prob)
        if targets is None:
            return logits, None
        loss = F.cross_entropy(logits.flatten(0, 1), targets.flatten(), ignore_index=-100)
        return logits, loss


def cut_at_eos(tokens: torch.Tensor) -> list[list[int]]:
    """Each row of (B, T) tokens up to and including its first EOS."""
    out = []
    for row in tokens.tolist():
        out.append(row[: row.index(EOS) + 1] if EOS in row else row)
    return out


@torch.no_grad()
def sequence_accuracy(model: nn.Module, X: torch.Tensor, Y: torch.Tensor) -> float:
    """Fraction of sources whose greedy output equals the target exactly, up to EOS."""
    model.eval()
    logits, _ = model(X, max_len=Y.shape[1])
    pred = cut_at_eos(logits.argmax(-1))
    truth = [[t for t in row if t != -100] for row in Y.tolist()]
    return sum(p == t for p, t in zip(pred, truth, strict=True)) / len(truth)


@torch.no_grad()
def accuracy_by_length(model: nn.Module, X: torch.Tensor, Y: torch.Tensor) -> dict[int, float]:
    """Exact-match sequence accuracy grouped by source length."""
    lengths = source_mask(X).sum(1)
    return {
        int(n): sequence_accuracy(model, X[lengths == n], Y[lengths == n]) for n in lengths.unique()
    }
