"""Known wrong: takes the most likely token (greedy) instead of sampling with the uniforms."""


def sample_until_eos(logit_table, bos, eos, max_len, temperature, uniforms):
    rows = []
    for _ in uniforms:
        previous, tokens = bos, []
        for _ in range(max_len):
            token = int(logit_table[previous].argmax())
            tokens.append(token)
            if token == eos:
                break
            previous = token
        rows.append(tokens)
    return rows
