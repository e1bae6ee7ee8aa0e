"""Known wrong: ranks finished hypotheses by raw log-probability, ignoring length_penalty."""


def beam_search(log_probs, bos, eos, beam_size, max_len, length_penalty=0.0):
    live, finished = [([], 0.0)], []
    for _ in range(max_len):
        candidates = []
        for tokens, score in live:
            prev = tokens[-1] if tokens else bos
            for v, lp in enumerate(log_probs[prev].tolist()):
                candidates.append((score + lp, tokens + [v]))
        candidates.sort(key=lambda c: c[0], reverse=True)
        live = []
        for score, tokens in candidates[:beam_size]:
            (finished if tokens[-1] == eos else live).append((tokens, score))
        if len(finished) >= beam_size or not live:
            break
    else:
        finished.extend(live)
    best = max(finished, key=lambda h: h[1])
    return best[0], float(best[1])
