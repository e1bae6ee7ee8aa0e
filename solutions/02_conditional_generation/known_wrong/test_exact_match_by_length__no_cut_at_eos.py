"""Known wrong: compares the whole predicted row, including what follows <eos>."""


def exact_match_by_length(predicted, targets, source_lengths, eos):
    right, count = {}, {}
    for row, target, n in zip(predicted.tolist(), targets.tolist(), source_lengths.tolist()):
        ok = row == [t for t in target if t != -100]
        right[n], count[n] = right.get(n, 0) + ok, count.get(n, 0) + 1
    return [(n, right[n] / count[n]) for n in sorted(count)]
