"""Known wrong: starts from the leftmost point instead of the lowest index."""

import torch


def hull_targets(points):
    xy = points.double().tolist()

    def turn(o, a, b):
        return (xy[a][0] - xy[o][0]) * (xy[b][1] - xy[o][1]) - (xy[a][1] - xy[o][1]) * (
            xy[b][0] - xy[o][0]
        )

    by_x = sorted(range(len(xy)), key=lambda i: (xy[i][0], xy[i][1]))
    hull = []
    for sweep in (by_x, by_x[::-1]):
        chain = []
        for i in sweep:
            while len(chain) >= 2 and turn(chain[-2], chain[-1], i) <= 0:
                chain.pop()
            chain.append(i)
        hull += chain[:-1]
    return torch.tensor([i + 1 for i in hull] + [0])
