"""Copying words never seen in training: a toy translation set and a pointer-generator.

The task translates short German sentences into English, word by word with some reordering
("heute sieht kalo den hund" -> "today kalo sees the dog"). Every sentence holds one or
two **names**, made-up words drawn from a pool; the training sentences use one half of the
pool and the test sentences only the other half, so a test name is a word the model has
never seen as an input or as an output. Translating it means copying it.

Source and target share one vocabulary (:func:`build_vocab`) that holds every name, so a
plain attention seq2seq *could* write a test name: it fails because it never learned to,
not because the word is missing. The pointer-generator (See et al. 2017) mixes the decoder's
word distribution with the attention weights scattered onto the source's words:
``P(w) = p_gen P_vocab(w) + (1 - p_gen) sum_{i: x_i = w} alpha_i``.
"""

from dataclasses import dataclass

import torch
from torch import nn

from seqgen.data import Vocab
from seqgen.seq2seq import EOS, PAD, Seq2Seq, Seq2SeqConfig

SPECIALS = ("<pad>", "<bos>", "<eos>")  # ids PAD, BOS, EOS of seqgen.seq2seq
NOUNS = dict(hund="dog", apfel="apple", vogel="bird", fisch="fish", stuhl="chair", ball="ball",
             hut="hat", schuh="shoe", kuchen="cake", brief="letter")  # fmt: skip
VERBS = dict(sieht="sees", hat="has", mag="likes", kauft="buys", malt="paints", findet="finds")
# (German, English): {A} and {B} are names, {N} a noun, {V} a verb; English reorders some.
TEMPLATES = [
    ("ich heisse {A}", "my name is {A}"),
    ("wo ist {A}", "where is {A}"),
    ("{A} {V} den {N}", "{A} {V} the {N}"),
    ("heute {V} {A} den {N}", "today {A} {V} the {N}"),
    ("der {N} von {A}", "{A} 's {N}"),
    ("{A} gibt {B} den {N}", "{A} gives {B} the {N}"),
    ("{A} und {B} sind freunde", "{A} and {B} are friends"),
]
SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def make_names(count: int, generator: torch.Generator) -> list[str]:
    """``count`` distinct made-up names of 2 or 3 syllables ("kalo", "minevu")."""
    taken = set(template_words())
    names: list[str] = []
    while len(names) < count:
        size = 2 + int(torch.randint(0, 2, (1,), generator=generator))
        picks = torch.randint(0, len(SYLLABLES), (size,), generator=generator).tolist()
        name = "".join(SYLLABLES[i] for i in picks)
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def template_words() -> list[str]:
    """Every word of the templates, nouns and verbs, in both languages."""
    words = set(NOUNS) | set(NOUNS.values()) | set(VERBS) | set(VERBS.values())
    for source, target in TEMPLATES:
        words |= {w for w in (source + " " + target).split() if not w.startswith("{")}
    return sorted(words)


@dataclass
class NameSplit:
    """Names for training and names kept for the test only (the two lists are disjoint)."""

    train: list[str]
    test: list[str]


def split_names(count: int, generator: torch.Generator) -> NameSplit:
    """``count`` names for training and ``count`` other names for testing."""
    names = make_names(2 * count, generator)
    return NameSplit(train=names[:count], test=names[count:])


def build_vocab(names: NameSplit) -> Vocab:
    """One word vocabulary for source and target: specials, template words, every name."""
    vocab = Vocab([*template_words(), *names.train, *names.test], specials=SPECIALS)
    vocab.level = "word"
    return vocab


def sentence_pairs(count: int, names: list[str], generator: torch.Generator):
    """``count`` (German, English) sentence pairs with names drawn from ``names``."""
    if len(names) < 2:
        raise ValueError("need at least two names (some templates hold two different names)")
    pairs = []
    nouns, verbs = list(NOUNS), list(VERBS)
    for _ in range(count):
        t, n, v = (int(torch.randint(0, k, (1,), generator=generator))
                   for k in (len(TEMPLATES), len(nouns), len(verbs)))  # fmt: skip
        a, b = torch.randperm(len(names), generator=generator)[:2].tolist()
        de = dict(A=names[a], B=names[b], N=nouns[n], V=verbs[v])
        en = dict(de, N=NOUNS[nouns[n]], V=VERBS[verbs[v]])
        source, target = TEMPLATES[t]
        pairs.append((source.format(**de), target.format(**en)))
    return pairs


def encode_pairs(pairs, vocab: Vocab) -> tuple[torch.Tensor, torch.Tensor]:
    """Sources (B, S) padded with PAD; targets (B, T) = words, EOS, then -100 padding."""
    sources = [vocab.encode(src) for src, _ in pairs]
    targets = [vocab.encode(tgt) + [EOS] for _, tgt in pairs]
    X = torch.full((len(pairs), max(map(len, sources))), PAD)
    Y = torch.full((len(pairs), max(map(len, targets))), -100)
    for b, (s, t) in enumerate(zip(sources, targets)):
        X[b, : len(s)] = torch.tensor(s)
        Y[b, : len(t)] = torch.tensor(t)
    return X, Y


def translation_batch(batch_size: int, names: list[str], vocab: Vocab, generator):
    """A fresh encoded batch of sentence pairs whose names come from ``names``."""
    return encode_pairs(sentence_pairs(batch_size, names, generator), vocab)


class PointerGenerator(Seq2Seq):
    """Attention seq2seq whose output mixes generating a word and copying a source word.

    Needs a shared vocabulary (``src_vocab_size`` unset): a copied source word's id is its
    output id. ``step`` returns log-probabilities, so the loss, greedy decoding and
    ``seqgen.seq2seq.sequence_accuracy`` work unchanged; ``last_p_gen`` (B, T) keeps the
    switch of the latest forward pass.
    """

    def __init__(self, config: Seq2SeqConfig):
        if config.src_vocab_size not in (None, config.vocab_size) or config.src_features:
            raise ValueError("a pointer-generator copies source tokens: share one vocabulary")
        if config.attention == "none":
            raise ValueError("a pointer-generator copies through attention: it needs one")
        super().__init__(config)
        H, E = config.num_hiddens, config.embed_size
        self.switch = nn.Linear(2 * H + E, 1)  # p_gen from [z_t; c_t; embedded input]
        self.last_p_gen: torch.Tensor | None = None

    def encode(self, x):
        memory = super().encode(x)
        memory["source"], memory["p_gen"] = x, []
        return memory

    def step(self, prev_tokens, memory):
        z = memory["hidden"]
        context, weights = self.attention(z, memory["states"], memory["mask"])  # (B, H), (B, S)
        embedded = self.tgt_embed(prev_tokens)  # (B, E)
        z = self.decoder(torch.cat([embedded, context], -1), z)  # (B, H)
        vocab_probs = torch.softmax(self.readout(torch.cat([z, context], -1)), -1)  # (B, V)
        p_gen = torch.sigmoid(self.switch(torch.cat([z, context, embedded], -1)))  # (B, 1)
        copy_probs = torch.zeros_like(vocab_probs).scatter_add(1, memory["source"], weights)
        probs = p_gen * vocab_probs + (1 - p_gen) * copy_probs  # (B, V)
        memory["p_gen"].append(p_gen[:, 0])
        self.last_p_gen = torch.stack(memory["p_gen"], 1)  # (B, T so far)
        return torch.log(probs + 1e-9), {**memory, "hidden": z}, weights


@torch.no_grad()
def word_accuracy_on(model: nn.Module, X, Y, words: set[int]) -> float:
    """Fraction of target positions holding one of ``words`` that greedy decoding gets right."""
    model.eval()
    predicted = model(X, max_len=Y.shape[1])[0].argmax(-1)  # (B, T)
    wanted = torch.isin(Y, torch.tensor(sorted(words)))
    if not wanted.any():
        raise ValueError("none of the words occurs in the targets")
    return (predicted[wanted] == Y[wanted]).float().mean().item()
