"""Known wrong: the concatenated heads are returned without the output projection."""

import math


def multi_head_attention(query, key, value, in_proj_weight, in_proj_bias, out_proj_weight,
                         out_proj_bias, num_heads, key_padding_mask=None):  # fmt: skip
    B, T, E = query.shape
    if E % num_heads:
        raise ValueError("E % h")
    d = E // num_heads
    w_q, w_k, w_v = in_proj_weight.chunk(3)
    b_q, b_k, b_v = in_proj_bias.chunk(3)

    def heads(x, w, b):
        return (x @ w.T + b).view(x.shape[0], x.shape[1], num_heads, d).transpose(1, 2)

    q, k, v = heads(query, w_q, b_q), heads(key, w_k, b_k), heads(value, w_v, b_v)
    scores = q @ k.transpose(-2, -1) / math.sqrt(d)
    if key_padding_mask is not None:
        scores = scores.masked_fill(~key_padding_mask[:, None, None, :], float("-inf"))
    weights = scores.softmax(-1)
    return (weights @ v).transpose(1, 2).reshape(B, T, E), weights
