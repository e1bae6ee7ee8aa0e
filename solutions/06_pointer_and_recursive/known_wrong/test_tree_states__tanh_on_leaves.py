"""Known wrong: the leaves' word vectors also go through tanh."""

import torch


def tree_states(words, children, embed, W, b):
    states = {}

    def visit(i):
        if i not in states:
            if int(words[i]) >= 0:
                states[i] = torch.tanh(embed[int(words[i])])
            else:
                left, right = (int(c) for c in children[i])
                states[i] = torch.tanh(W @ torch.cat([visit(left), visit(right)]) + b)
        return states[i]

    return torch.stack([visit(i) for i in range(len(words))])
