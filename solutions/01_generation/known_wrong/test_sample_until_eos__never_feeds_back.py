"""Known wrong: every step conditions on <bos> instead of the token just generated."""

import torch


def sample_until_eos(logit_table, bos, eos, max_len, temperature, uniforms):
    rows = []
    for u in uniforms:
        tokens = []
        for t in range(max_len):
            probs = torch.softmax(logit_table[bos] / temperature, dim=-1)
            token = min(int((probs.cumsum(-1) <= u[t]).sum()), len(probs) - 1)
            tokens.append(token)
            if token == eos:
                break
        rows.append(tokens)
    return rows
