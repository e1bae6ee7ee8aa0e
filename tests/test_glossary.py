"""The glossary covers every concept of DESIGN.md's chapter map for each chapter that has landed."""

import re

import pytest

from tests.conftest import ROOT

GLOSSARY = ROOT / "book" / "glossary.md"

# The chapter map of DESIGN.md, one entry per concept: each needs a glossary row whose
# term contains one of the spellings. Add a chapter's list when its chapter lands.
CONCEPTS = {
    "00_rnn_basics": [
        ["slot filling"],
        ["autoregressive"],
        ["summary state", "hidden state"],
        ["tokenisation", "tokenization"],
        ["vocabulary"],
        ["one-hot"],
        ["embedding"],
        ["elman"],
        ["jordan"],
        ["bidirectional"],
        ["long short-term memory", "lstm"],
        ["input gate"],
        ["forget gate"],
        ["output gate"],
        ["4h × 2h", "4h x 2h"],
        ["gated recurrent unit", "gru"],
        ["reset gate"],
        ["update gate"],
        ["stacked"],
        ["backpropagation through time", "bptt"],
        ["error surface"],
        ["exploding gradient"],
        ["gradient clipping"],
        ["vanishing gradient"],
        ["many-to-one"],
        ["many-to-many"],
        ["connectionist temporal classification", "ctc"],
        ["sequence to sequence", "seq2seq"],
    ],
    "03_attention": [
        ["attention"],
        ["dynamic conditional generation"],
        ["match function"],
        ["context vector"],
        ["mask"],
        ["alignment"],
        ["monotonic alignment"],
        ["image regions"],
    ],
    "05_tips_for_generation": [
        ["beam search"],
        ["exposure bias"],
        ["scheduled sampling"],
        ["attention regularisation", "attention regularization"],
    ],
    "04_memory_networks": [
        ["memory network"],
        ["address and content"],
        ["hop"],
        ["neural turing machine"],
        ["content addressing"],
        ["erase and add"],
        ["copy task"],
    ],
    "01_generation": [
        ["sampling"],
        ["bos"],
        ["eos"],
        ["temperature"],
        ["raster"],
        ["pixelrnn", "2-d context"],
    ],
    "02_conditional_generation": [
        ["captioning"],
        ["encoder"],
        ["teacher forcing"],
        ["greedy decoding"],
        ["shared"],
        ["chatbot"],
    ],
    "06_pointer_and_recursive": [
        ["pointer network"],
        ["end position"],
        ["convex hull"],
        ["area coverage"],
        ["copy mechanism"],
        ["recursive neural network", "recursive network"],
        ["parse tree"],
        ["composition function"],
        ["recursive neural tensor network", "rntn"],
        ["sentiment treebank"],
        ["bag of words"],
    ],
    "07_gan": [
        ["generative model"],
        ["latent space"],
        ["generative adversarial network", "gan"],
        ["minimax"],
        ["non-saturating"],
        ["mode collapse"],
    ],
    "08_transformer": [
        ["self-attention"],
        ["scaled dot-product"],
        ["multi-head"],
        ["positional encoding"],
        ["causal mask"],
        ["encoder-decoder attention"],
        ["position-wise feed-forward"],
    ],
}


def glossary_rows() -> list[list[str]]:
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and not set(cells[0]) <= {"-"}:
            rows.append(cells)
    return rows[1:]  # drop the header


def landed_chapters() -> list[str]:
    return sorted(p.name for p in (ROOT / "book").iterdir() if re.match(r"\d\d_", p.name))


@pytest.mark.parametrize("chapter", landed_chapters())
def test_glossary_covers_the_chapter_map(chapter):
    assert chapter in CONCEPTS, f"list {chapter}'s concepts from DESIGN.md in CONCEPTS"
    terms = [row[0].lower() for row in glossary_rows()]
    missing = [c[0] for c in CONCEPTS[chapter] if not any(s in t for s in c for t in terms)]
    assert not missing, f"glossary lacks: {missing}"


def test_every_row_is_complete_and_links_to_a_section():
    for term, chinese, definition, taught_in in glossary_rows():
        assert chinese and definition, term
        assert re.fullmatch(r"\{ref\}`[a-z0-9-]+`", taught_in), f"{term}: link with {{ref}}`label`"
