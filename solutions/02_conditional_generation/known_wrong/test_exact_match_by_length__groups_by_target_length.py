"""Known wrong: groups rows by the length of the target instead of the source."""


def exact_match_by_length(predicted, targets, source_lengths, eos):
    right, count = {}, {}
    for row, target in zip(predicted.tolist(), targets.tolist()):
        ref = [t for t in target if t != -100]
        out = row[: row.index(eos) + 1] if eos in row else row
        n = len(ref)
        right[n], count[n] = right.get(n, 0) + (out == ref), count.get(n, 0) + 1
    return [(n, right[n] / count[n]) for n in sorted(count)]
