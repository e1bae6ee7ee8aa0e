"""Known wrong: keeps the beam_size best extensions of each hypothesis, not over all of them."""


def beam_search(log_probs, bos, eos, beam_size, max_len, length_penalty=0.0):
    live, finished = [([], 0.0)], []
    for _ in range(max_len):
        kept = []
        for tokens, score in live:
            row = log_probs[tokens[-1] if tokens else bos].tolist()
            best = sorted(range(len(row)), key=lambda v: row[v], reverse=True)[:beam_size]
            kept += [(tokens + [v], score + row[v]) for v in best]
        live = []
        for tokens, score in kept:
            (finished if tokens[-1] == eos else live).append((tokens, score))
        if len(finished) >= beam_size or not live:
            break
    else:
        finished.extend(live)
    best = max(finished, key=lambda h: h[1] / len(h[0]) ** length_penalty)
    return best[0], float(best[1])
