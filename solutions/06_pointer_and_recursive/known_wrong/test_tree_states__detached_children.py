"""Known wrong: children's vectors are detached, so gradients stop at each parent."""

import torch


def tree_states(words, children, embed, W, b):
    states = {}

    def visit(i):
        if i not in states:
            if int(words[i]) >= 0:
                states[i] = embed[int(words[i])]
            else:
                left, right = (int(c) for c in children[i])
                joined = torch.cat([visit(left), visit(right)]).detach()
                states[i] = torch.tanh(W @ joined + b)
        return states[i]

    return torch.stack([visit(i) for i in range(len(words))])
