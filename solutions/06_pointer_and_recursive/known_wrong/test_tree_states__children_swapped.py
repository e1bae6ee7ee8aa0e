"""Known wrong: the right child's vector comes first in the concatenation."""

import torch


def tree_states(words, children, embed, W, b):
    states = {}

    def visit(i):
        if i not in states:
            if int(words[i]) >= 0:
                states[i] = embed[int(words[i])]
            else:
                left, right = (int(c) for c in children[i])
                states[i] = torch.tanh(W @ torch.cat([visit(right), visit(left)]) + b)
        return states[i]

    return torch.stack([visit(i) for i in range(len(words))])
