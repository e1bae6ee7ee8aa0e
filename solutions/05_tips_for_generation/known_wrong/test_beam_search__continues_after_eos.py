"""Known wrong: finished hypotheses stay in the beam and keep growing after EOS."""


def beam_search(log_probs, bos, eos, beam_size, max_len, length_penalty=0.0):
    live = [([], 0.0)]
    for _ in range(max_len):
        candidates = []
        for tokens, score in live:
            prev = tokens[-1] if tokens else bos
            for v, lp in enumerate(log_probs[prev].tolist()):
                candidates.append((tokens + [v], score + lp))
        live = sorted(candidates, key=lambda c: c[1], reverse=True)[:beam_size]
    ended = [h for h in live if eos in h[0]] or live
    best = max(ended, key=lambda h: h[1] / len(h[0]) ** length_penalty)
    return best[0], float(best[1])
