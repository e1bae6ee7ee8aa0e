"""Known wrong: the share of right tokens per group, not the share of right rows."""


def exact_match_by_length(predicted, targets, source_lengths, eos):
    right, count = {}, {}
    for row, target, n in zip(predicted.tolist(), targets.tolist(), source_lengths.tolist()):
        ref = [t for t in target if t != -100]
        hits = sum(a == b for a, b in zip(row, ref))
        right[n], count[n] = right.get(n, 0) + hits, count.get(n, 0) + len(ref)
    return [(n, right[n] / count[n]) for n in sorted(count)]
