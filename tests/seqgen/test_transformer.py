import math

import pytest
import torch
import torch.nn.functional as F

from seqgen.seq2seq import EOS, reversal_task
from seqgen.transformer import (
    MultiHeadAttention,
    Transformer,
    TransformerConfig,
    causal_mask,
    positional_encoding,
    scaled_dot_product_attention,
)


def test_attention_matches_torch_with_and_without_masks():
    torch.manual_seed(0)
    q, k, v = torch.randn(2, 3, 5, 8), torch.randn(2, 3, 7, 8), torch.randn(2, 3, 7, 4)
    mask = torch.rand(2, 3, 5, 7) > 0.3
    mask[..., 0] = True  # every query keeps at least one key
    for m in (None, mask):
        out, weights = scaled_dot_product_attention(q, k, v, m)
        expected = F.scaled_dot_product_attention(q, k, v, attn_mask=m)
        assert torch.allclose(out, expected, atol=1e-6)
        assert torch.allclose(weights.sum(-1), torch.ones(2, 3, 5))
    assert (weights[~mask] == 0).all()


def test_causal_mask_is_lower_triangular():
    mask = causal_mask(4)
    assert mask.tolist()[1] == [True, True, False, False]
    assert mask.sum() == 10


def test_positional_encoding_values_and_odd_width():
    pe = positional_encoding(50, 16)
    assert pe.shape == (50, 16)
    assert torch.allclose(pe[3, 0], torch.tensor(math.sin(3.0)))
    assert torch.allclose(pe[3, 1], torch.tensor(math.cos(3.0)))
    assert torch.allclose(pe[7, 4], torch.tensor(math.sin(7 / 10000 ** (4 / 16))))
    with pytest.raises(ValueError, match="even"):
        positional_encoding(10, 5)


def test_multi_head_attention_matches_torch_module():
    torch.manual_seed(1)
    ours, theirs = MultiHeadAttention(16, 4), torch.nn.MultiheadAttention(16, 4, batch_first=True)
    ours.load_from_torch(theirs)
    x, memory = torch.randn(3, 5, 16), torch.randn(3, 6, 16)
    allowed = torch.rand(3, 5, 6) > 0.4
    allowed[..., 0] = True
    out = ours(x, memory, memory, allowed)
    expected, weights = theirs(x, memory, memory, attn_mask=~allowed.repeat_interleave(4, 0))
    assert torch.allclose(out, expected, atol=1e-5)
    assert torch.allclose(ours.last_weights.mean(1), weights, atol=1e-5)


def test_heads_must_divide_width():
    with pytest.raises(ValueError, match="divisible"):
        MultiHeadAttention(10, 4)


def test_decoder_is_causal_and_shapes_follow_the_interface():
    torch.manual_seed(2)
    model = Transformer(TransformerConfig(vocab_size=13, d_model=32, num_heads=4))
    X, Y = reversal_task(4, 5, 7, generator=torch.Generator().manual_seed(0))
    logits, loss = model(X, Y)
    assert logits.shape == (4, Y.shape[1], 13) and loss.item() > 0
    Y2 = Y.clone()
    Y2[:, 3:] = EOS  # change the future: earlier positions must not see it
    logits2, _ = model(X, Y2)
    assert torch.allclose(logits[:, :4], logits2[:, :4], atol=1e-5)
    greedy, none = model(X, max_len=9)
    assert greedy.shape == (4, 9, 13) and none is None


def test_too_long_input_is_refused():
    model = Transformer(TransformerConfig(vocab_size=5, d_model=8, num_heads=2, max_len=4))
    with pytest.raises(ValueError, match="max_len"):
        model(torch.ones(1, 6, dtype=torch.long))


def test_a_source_of_exactly_max_len_decodes_by_default():
    """Review 4: greedy decoding ran S + 1 steps, one more than a full-length source allows."""
    model = Transformer(TransformerConfig(vocab_size=5, d_model=8, num_heads=2, max_len=4))
    logits, _ = model(torch.ones(2, 4, dtype=torch.long))
    assert logits.shape == (2, 4, 5)
