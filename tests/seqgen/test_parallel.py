import pytest
import torch

from seqgen.parallel import (
    SLOTS,
    chinese_numeral,
    dialogue_pairs,
    encode_pairs,
    english_number,
    number_pairs,
    pair_vocabs,
)

ZH = {
    1: "一", 10: "十", 15: "十五", 20: "二十", 105: "一百零五", 110: "一百一十",
    1005: "一千零五", 1050: "一千零五十", 1500: "一千五百", 10000: "一万",
    10010: "一万零一十", 100010: "十万零一十", 12005: "一万二千零五", 1000001: "一百万零一",
    12345678: "一千二百三十四万五千六百七十八",
}  # fmt: skip
EN = {
    1: "one", 15: "fifteen", 40: "forty", 45: "forty five", 105: "one hundred five",
    1050: "one thousand fifty", 100010: "one hundred thousand ten",
    12345678: "twelve million three hundred forty five thousand six hundred seventy eight",
}  # fmt: skip


@pytest.mark.parametrize("n", sorted(ZH))
def test_chinese_numerals(n):
    assert chinese_numeral(n) == ZH[n]


@pytest.mark.parametrize("n", sorted(EN))
def test_english_numbers(n):
    assert english_number(n) == EN[n]


def parse_chinese(text):
    """An independent reader of the numerals, to check every number round-trips."""
    digits = dict(zip("零一二三四五六七八九", range(10), strict=True))
    units = {"十": 10, "百": 100, "千": 1000}
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in digits:
            digit = digits[ch]
        elif ch in units:
            section += (1 if digit is None else digit) * units[ch]
            digit = None
        elif ch == "万":
            total, section, digit = (section + (digit or 0)) * 10_000, 0, None
    return total + section + (digit or 0)


def test_every_sampled_numeral_reads_back_as_its_number():
    for zh, en in number_pairs(3000, seed=5):
        assert en == english_number(parse_chinese(zh))


def test_number_lengths_spread_and_range_is_checked():
    lengths = {len(zh) for zh, _ in number_pairs(500, seed=1)}
    assert min(lengths) == 1 and max(lengths) >= 12
    with pytest.raises(ValueError, match="numbers must be"):
        chinese_numeral(0)
    with pytest.raises(ValueError, match="numbers must be"):
        english_number(10**8)


def test_dialogue_replies_carry_the_prompt_slots():
    for prompt, reply in dialogue_pairs(300, seed=2):
        for words in SLOTS.values():
            for word in words:
                if word in prompt.split():
                    assert word in reply.split()
    assert dialogue_pairs(20, seed=3) == dialogue_pairs(20, seed=3)


def test_encode_pairs_pads_sources_and_ends_targets_with_eos():
    pairs = [("十五", "fifteen"), ("一百零五", "one hundred five")]
    src, tgt = pair_vocabs(pairs)
    assert src.itos[:3] == ["<pad>", "<bos>", "<eos>"] and " " not in src
    X, Y = encode_pairs(pairs, src, tgt)
    assert X.shape == (2, 4) and X[0, 2:].eq(0).all()
    assert src.decode(X[1].tolist()) == "一百零五"
    assert Y.shape == (2, 4) and Y[0, 1] == 2 and Y[0, 2:].eq(-100).all()
    assert tgt.decode(Y[1, :3].tolist()) == "one hundred five"
    assert torch.equal(Y[1, 3], torch.tensor(2))
