"""Known wrong: glues [c_t; x_t] instead of [x_t; c_t]."""

import torch


def attention_decoder(H, mask, z0, X, W_a, weight_ih, weight_hh, bias_ih, bias_hh):
    z, states, all_weights = z0, [], []
    for t in range(X.shape[1]):
        scores = torch.einsum("bk,ke,bse->bs", z, W_a, H)
        weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), -1)
        context = torch.einsum("bs,bse->be", weights, H)
        u = torch.cat([context, X[:, t]], -1)
        x_r, x_z, x_n = (u @ weight_ih.T + bias_ih).chunk(3, -1)
        h_r, h_z, h_n = (z @ weight_hh.T + bias_hh).chunk(3, -1)
        r, q = torch.sigmoid(x_r + h_r), torch.sigmoid(x_z + h_z)
        z = (1 - q) * torch.tanh(x_n + r * h_n) + q * z
        states.append(z)
        all_weights.append(weights)
    return torch.stack(states, 1), torch.stack(all_weights, 1)
