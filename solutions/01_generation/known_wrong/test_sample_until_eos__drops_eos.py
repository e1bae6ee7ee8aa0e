"""Known wrong: stops at <eos> but leaves it out of the row."""

import torch


def sample_until_eos(logit_table, bos, eos, max_len, temperature, uniforms):
    rows = []
    for u in uniforms:
        previous, tokens = bos, []
        for t in range(max_len):
            probs = torch.softmax(logit_table[previous] / temperature, dim=-1)
            token = min(int((probs.cumsum(-1) <= u[t]).sum()), len(probs) - 1)
            if token == eos:
                break
            tokens.append(token)
            previous = token
        rows.append(tokens)
    return rows
