"""Generated parallel corpora for conditional generation: number translation and dialogue.

``number_pairs`` gives Chinese numerals and their English words (三百零五 -> "three hundred
five"), the translation task of chapter 02 in the spirit of 机器学习 -> machine learning;
``dialogue_pairs`` gives one-turn conversations from templates with slots. ``encode_pairs``
turns either into tensors with the conventions of :mod:`seqgen.seq2seq`: sources (B, S)
padded with 0, targets (B, T) ending with ``<eos>`` and padded with -100.
"""

import numpy as np
import torch

from seqgen.data import Vocab

SPECIALS = ["<pad>", "<bos>", "<eos>"]  # indices 0, 1, 2, as in seqgen.seq2seq
DIGITS_ZH = "零一二三四五六七八九"
ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen "
ONES = (ONES + "fourteen fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
MAX_NUMBER = 10**8 - 1


def _check_range(n: int) -> None:
    if not 1 <= n <= MAX_NUMBER:
        raise ValueError(f"numbers must be in 1..{MAX_NUMBER}, not {n}")


def _zh_below_10000(n: int, leading: bool) -> str:
    """Chinese for 1..9999; ``leading`` writes 10-19 as 十.. rather than 一十.."""
    out, zero_pending = "", False
    for digit, unit in zip(f"{n:04d}", ("千", "百", "十", ""), strict=True):
        if digit == "0":
            zero_pending = bool(out)
            continue
        if zero_pending:
            out, zero_pending = out + "零", False
        out += DIGITS_ZH[int(digit)] + unit
    return out[1:] if leading and 10 <= n <= 19 else out


def chinese_numeral(n: int) -> str:
    """Chinese numeral of ``n`` (1 .. 99,999,999): 12005 -> 一万二千零五."""
    _check_range(n)
    high, low = divmod(n, 10_000)
    if not high:
        return _zh_below_10000(low, leading=True)
    text = _zh_below_10000(high, leading=True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _zh_below_10000(low, leading=False)
    return text


def _en_below_1000(n: int) -> list[str]:
    hundreds, rest = divmod(n, 100)
    words = [ONES[hundreds], "hundred"] if hundreds else []
    if rest >= 20:
        words += [TENS[rest // 10]] + ([ONES[rest % 10]] if rest % 10 else [])
    elif rest:
        words.append(ONES[rest])
    return words


def english_number(n: int) -> str:
    """English words of ``n`` (1 .. 99,999,999), no "and", no hyphens: 45 -> "forty five"."""
    _check_range(n)
    words = []
    for scale, name in ((10**6, "million"), (10**3, "thousand"), (1, "")):
        part, n = divmod(n, scale)
        if part:
            words += _en_below_1000(part) + ([name] if name else [])
    return " ".join(words)


def number_pairs(count: int, seed: int = 0, max_digits: int = 8) -> list[tuple[str, str]]:
    """``count`` (Chinese, English) pairs; the number of digits is uniform in 1..max_digits."""
    rng = np.random.default_rng(seed)
    pairs = []
    for _ in range(count):
        digits = int(rng.integers(1, max_digits + 1))
        n = int(rng.integers(10 ** (digits - 1), 10**digits))
        pairs.append((chinese_numeral(n), english_number(n)))
    return pairs


DIALOGUE_TEMPLATES = [
    ("hello", "hello how are you"),
    ("how are you", "i am fine thank you"),
    ("good bye", "see you soon"),
    ("my name is {name}", "nice to meet you {name}"),
    ("i like {thing}", "why do you like {thing}"),
    ("do you like {thing}", "yes i like {thing}"),
    ("where is {city}", "{city} is far away"),
    ("i am going to {city}", "have a nice trip to {city}"),
    ("{name} likes {thing}", "does {name} really like {thing}"),
]
SLOTS = {
    "name": "anna ben chen dora emil fang gita hugo ivan jing".split(),
    "thing": "tea coffee music books rain cats dogs trains chess maths".split(),
    "city": "taipei paris lima cairo oslo delhi seoul rome tokyo quito".split(),
}


def dialogue_pairs(count: int, seed: int = 0) -> list[tuple[str, str]]:
    """``count`` one-turn (prompt, reply) pairs from the templates, slots filled at random."""
    rng = np.random.default_rng(seed)
    pairs = []
    for _ in range(count):
        prompt, reply = DIALOGUE_TEMPLATES[int(rng.integers(len(DIALOGUE_TEMPLATES)))]
        fill = {slot: str(rng.choice(words)) for slot, words in SLOTS.items()}
        pairs.append((prompt.format(**fill), reply.format(**fill)))
    return pairs


def pair_vocabs(pairs, source_level: str = "char") -> tuple[Vocab, Vocab]:
    """Source and target vocabularies (specials first) of ``pairs``; targets are words."""
    joiner = "" if source_level == "char" else " "
    sources = Vocab.from_text(joiner.join(s for s, _ in pairs), source_level, SPECIALS)
    targets = Vocab.from_text(" ".join(t for _, t in pairs), "word", SPECIALS)
    return sources, targets


def encode_pairs(pairs, source_vocab: Vocab, target_vocab: Vocab):
    """``X`` (B, S) source ids padded with 0; ``Y`` (B, T) target ids, ``<eos>``, then -100."""
    sources = [source_vocab.encode(s) for s, _ in pairs]
    targets = [target_vocab.encode(t) + [target_vocab.stoi["<eos>"]] for _, t in pairs]
    X = torch.zeros(len(pairs), max(map(len, sources)), dtype=torch.long)
    Y = torch.full((len(pairs), max(map(len, targets))), -100)
    for row, (source, target) in enumerate(zip(sources, targets, strict=True)):
        X[row, : len(source)] = torch.tensor(source)
        Y[row, : len(target)] = torch.tensor(target)
    return X, Y
