"""Known wrong: assumes children come before parents and fills rows in index order; a parent
listed before its children reads vectors not computed yet (zeros)."""

import torch


def tree_states(words, children, embed, W, b):
    states = [torch.zeros(embed.shape[1], dtype=embed.dtype) for _ in range(len(words))]
    for i in range(len(words)):
        if int(words[i]) >= 0:
            states[i] = embed[int(words[i])]
        else:
            left, right = (int(c) for c in children[i])
            states[i] = torch.tanh(W @ torch.cat([states[left], states[right]]) + b)
    return torch.stack(states)
