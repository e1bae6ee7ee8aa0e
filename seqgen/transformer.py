"""A small Transformer encoder-decoder (Vaswani et al. 2017), written to be read.

It follows the course interface ``logits, loss = model(x, targets=None)`` and the token
conventions of :mod:`seqgen.seq2seq` (``PAD = 0``, ``BOS = 1``, ``EOS = 2``; targets padded
with -100), so chapter 08 trains it on chapter 03's reversal task and scores it with
:func:`seqgen.seq2seq.sequence_accuracy`, exactly like the attention RNN.

Masks are boolean with **True where attention is allowed**; a query row with no allowed key
would be a 0/0, and the callers never build one (every sequence has at least one token).
"""

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from seqgen.seq2seq import BOS, PAD


def scaled_dot_product_attention(q, k, v, mask=None):
    """softmax(q k^T / sqrt(d_k)) v over the last two axes; return (output, weights).

    ``q`` (..., T, d_k), ``k`` (..., S, d_k), ``v`` (..., S, d_v); ``mask`` broadcastable to
    (..., T, S), True where query t may attend to key s.
    """
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])  # (..., T, S)
    if mask is not None:
        scores = scores.masked_fill(~mask, float("-inf"))
    weights = scores.softmax(dim=-1)  # each row sums to 1 over the keys
    return weights @ v, weights  # (..., T, d_v), (..., T, S)


def causal_mask(size: int) -> torch.Tensor:
    """(size, size) boolean mask: position t may attend to positions 0..t only."""
    return torch.ones(size, size, dtype=torch.bool).tril()


def positional_encoding(max_len: int, d_model: int) -> torch.Tensor:
    """(max_len, d_model) sinusoids: PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(...)."""
    if d_model % 2:
        raise ValueError(f"d_model must be even for sine/cosine pairs, got {d_model}")
    position = torch.arange(max_len, dtype=torch.float32).unsqueeze(1)  # (max_len, 1)
    rates = torch.exp(-math.log(10000.0) * torch.arange(0, d_model, 2) / d_model)  # (d/2,)
    pe = torch.zeros(max_len, d_model)
    pe[:, 0::2] = torch.sin(position * rates)
    pe[:, 1::2] = torch.cos(position * rates)
    return pe


class MultiHeadAttention(nn.Module):
    """h heads of scaled dot-product attention on learned projections, concatenated, projected."""

    def __init__(self, d_model: int, num_heads: int):
        super().__init__()
        if d_model % num_heads:
            raise ValueError(f"d_model {d_model} is not divisible by {num_heads} heads")
        self.num_heads, self.d_head = num_heads, d_model // num_heads
        self.w_q, self.w_k, self.w_v, self.w_o = (nn.Linear(d_model, d_model) for _ in range(4))
        self.last_weights: torch.Tensor | None = None  # (B, h, T, S) of the latest call

    def split(self, x):
        """(B, T, d_model) -> (B, h, T, d_head)."""
        return x.view(x.shape[0], x.shape[1], self.num_heads, self.d_head).transpose(1, 2)

    def forward(self, query, key, value, mask=None):
        q, k, v = (
            self.split(self.w_q(query)),
            self.split(self.w_k(key)),
            self.split(self.w_v(value)),
        )
        if mask is not None and mask.dim() == 3:
            mask = mask.unsqueeze(1)  # (B, 1, T, S): the same mask for every head
        heads, self.last_weights = scaled_dot_product_attention(q, k, v, mask)  # (B, h, T, d_head)
        concat = heads.transpose(1, 2).reshape(query.shape[0], query.shape[1], -1)  # (B, T, d)
        return self.w_o(concat)

    @torch.no_grad()
    def load_from_torch(self, torch_mha: nn.MultiheadAttention) -> None:
        """Copy the weights of a ``torch.nn.MultiheadAttention`` (packed q, k, v projections)."""
        w_q, w_k, w_v = torch_mha.in_proj_weight.chunk(3)
        b_q, b_k, b_v = torch_mha.in_proj_bias.chunk(3)
        for linear, w, b in [(self.w_q, w_q, b_q), (self.w_k, w_k, b_k), (self.w_v, w_v, b_v)]:
            linear.weight.copy_(w)
            linear.bias.copy_(b)
        self.w_o.weight.copy_(torch_mha.out_proj.weight)
        self.w_o.bias.copy_(torch_mha.out_proj.bias)


def feed_forward(d_model: int, d_ff: int) -> nn.Sequential:
    """The position-wise FFN: the same two-layer MLP applied to every position on its own."""
    return nn.Sequential(nn.Linear(d_model, d_ff), nn.ReLU(), nn.Linear(d_ff, d_model))


class EncoderLayer(nn.Module):
    """Self-attention, then the FFN; each sub-layer wrapped as LayerNorm(x + sublayer(x))."""

    def __init__(self, d_model: int, num_heads: int, d_ff: int):
        super().__init__()
        self.self_attn = MultiHeadAttention(d_model, num_heads)
        self.ffn = feed_forward(d_model, d_ff)
        self.norm1, self.norm2 = nn.LayerNorm(d_model), nn.LayerNorm(d_model)

    def forward(self, x, src_mask):
        x = self.norm1(x + self.self_attn(x, x, x, src_mask))
        return self.norm2(x + self.ffn(x))


class DecoderLayer(nn.Module):
    """Masked self-attention, encoder-decoder attention, FFN; each with residual + LayerNorm."""

    def __init__(self, d_model: int, num_heads: int, d_ff: int):
        super().__init__()
        self.self_attn = MultiHeadAttention(d_model, num_heads)
        self.cross_attn = MultiHeadAttention(d_model, num_heads)
        self.ffn = feed_forward(d_model, d_ff)
        self.norms = nn.ModuleList(nn.LayerNorm(d_model) for _ in range(3))

    def forward(self, y, memory, tgt_mask, memory_mask):
        y = self.norms[0](y + self.self_attn(y, y, y, tgt_mask))
        y = self.norms[1](y + self.cross_attn(y, memory, memory, memory_mask))
        return self.norms[2](y + self.ffn(y))


@dataclass
class TransformerConfig:
    """Sizes of the encoder-decoder (the paper's base model: 512, 8 heads, 6 + 6 layers)."""

    vocab_size: int
    d_model: int = 64
    num_heads: int = 4
    num_layers: int = 2
    d_ff: int = 128
    max_len: int = 64


class Transformer(nn.Module):
    """Encoder and decoder stacks (no shared weights), one embedding table per side."""

    def __init__(self, config: TransformerConfig):
        super().__init__()
        self.config = config
        d, V = config.d_model, config.vocab_size
        self.src_embed, self.tgt_embed = nn.Embedding(V, d), nn.Embedding(V, d)
        self.register_buffer("pe", positional_encoding(config.max_len, d), persistent=False)
        args = (d, config.num_heads, config.d_ff)
        self.encoder = nn.ModuleList(EncoderLayer(*args) for _ in range(config.num_layers))
        self.decoder = nn.ModuleList(DecoderLayer(*args) for _ in range(config.num_layers))
        self.readout = nn.Linear(d, V)
        for p in self.parameters():  # Xavier: N(0, 1) embeddings would drown the encoding
            if p.dim() > 1:
                nn.init.xavier_uniform_(p)

    def embed(self, table: nn.Embedding, tokens: torch.Tensor) -> torch.Tensor:
        """Token embeddings scaled by sqrt(d_model) plus the positional encoding."""
        if tokens.shape[1] > self.config.max_len:
            raise ValueError(f"sequence of {tokens.shape[1]} exceeds max_len {self.config.max_len}")
        return table(tokens) * math.sqrt(self.config.d_model) + self.pe[: tokens.shape[1]]

    def encode(self, x: torch.Tensor):
        """Source tokens (B, S) -> memory (B, S, d) and the key mask (B, 1, S)."""
        src_mask = (x != PAD).unsqueeze(1)  # (B, 1, S): no query attends to padding
        h = self.embed(self.src_embed, x)
        for layer in self.encoder:
            h = layer(h, src_mask)
        return h, src_mask

    def decode(self, y_in: torch.Tensor, memory: torch.Tensor, src_mask: torch.Tensor):
        """Decoder inputs (B, T) -> logits (B, T, V); position t sees inputs 0..t only."""
        tgt_mask = causal_mask(y_in.shape[1]).unsqueeze(0)  # (1, T, T)
        h = self.embed(self.tgt_embed, y_in)
        for layer in self.decoder:
            h = layer(h, memory, tgt_mask, src_mask)
        return self.readout(h)

    def forward(self, x, targets=None, max_len=None):
        """Teacher-forced logits and loss with targets; greedy decoding without (``max_len``
        steps, by default one per source token and one for EOS, within ``config.max_len``)."""
        memory, src_mask = self.encode(x)
        bos = torch.full((x.shape[0], 1), BOS, dtype=torch.long, device=x.device)
        if targets is None:
            steps = max_len or min(x.shape[1] + 1, self.config.max_len)
            return self.greedy(memory, src_mask, bos, steps), None
        y_in = torch.cat([bos, targets[:, :-1].clamp(min=0)], dim=1)  # shift right; -100 -> any
        logits = self.decode(y_in, memory, src_mask)  # (B, T, V)
        loss = F.cross_entropy(logits.flatten(0, 1), targets.flatten(), ignore_index=-100)
        return logits, loss

    def greedy(self, memory, src_mask, bos, steps: int) -> torch.Tensor:
        """Feed back the argmax token ``steps`` times; return the logits of every step."""
        y_in = bos
        for _ in range(steps):
            logits = self.decode(y_in, memory, src_mask)  # (B, t, V): recomputed, small models
            y_in = torch.cat([y_in, logits[:, -1:].argmax(-1)], dim=1)
        return logits
