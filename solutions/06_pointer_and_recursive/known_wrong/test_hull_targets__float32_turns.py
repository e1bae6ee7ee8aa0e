"""Known wrong: the turn test in float32 loses the sign for points far from the origin."""

import torch


def hull_targets(points):
    xy = points.float()

    def turn(o, a, b):
        return float((xy[a, 0] - xy[o, 0]) * (xy[b, 1] - xy[o, 1])
                     - (xy[a, 1] - xy[o, 1]) * (xy[b, 0] - xy[o, 0]))  # fmt: skip

    by_x = sorted(range(len(xy)), key=lambda i: (float(xy[i, 0]), float(xy[i, 1])))
    hull = []
    for sweep in (by_x, by_x[::-1]):
        chain = []
        for i in sweep:
            while len(chain) >= 2 and turn(chain[-2], chain[-1], i) <= 0:
                chain.pop()
            chain.append(i)
        hull += chain[:-1]
    first = hull.index(min(hull))
    return torch.tensor([i + 1 for i in hull[first:] + hull[:first]] + [0])
