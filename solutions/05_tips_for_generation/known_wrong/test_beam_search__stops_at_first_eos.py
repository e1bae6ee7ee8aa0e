"""Known wrong: returns the first hypothesis that ends, without waiting for the others."""


def beam_search(log_probs, bos, eos, beam_size, max_len, length_penalty=0.0):
    live = [([], 0.0)]
    for _ in range(max_len):
        candidates = []
        for tokens, score in live:
            prev = tokens[-1] if tokens else bos
            for v, lp in enumerate(log_probs[prev].tolist()):
                candidates.append((score + lp, tokens + [v]))
        candidates.sort(key=lambda c: c[0], reverse=True)
        for score, tokens in candidates[:beam_size]:
            if tokens[-1] == eos:
                return tokens, float(score)
        live = [(tokens, score) for score, tokens in candidates[:beam_size]]
    best = max(live, key=lambda h: h[1])
    return best[0], float(best[1])
