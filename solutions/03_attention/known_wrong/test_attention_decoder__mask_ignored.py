"""Known wrong: padded encoder states take part in the attention."""

import torch


def attention_decoder(H, mask, z0, X, W_a, weight_ih, weight_hh, bias_ih, bias_hh):
    z, states, all_weights = z0, [], []
    for t in range(X.shape[1]):
        weights = torch.softmax(torch.einsum("bk,ke,bse->bs", z, W_a, H), -1)
        context = torch.einsum("bs,bse->be", weights, H)
        u = torch.cat([X[:, t], context], -1)
        x_r, x_z, x_n = (u @ weight_ih.T + bias_ih).chunk(3, -1)
        h_r, h_z, h_n = (z @ weight_hh.T + bias_hh).chunk(3, -1)
        r, q = torch.sigmoid(x_r + h_r), torch.sigmoid(x_z + h_z)
        z = (1 - q) * torch.tanh(x_n + r * h_n) + q * z
        states.append(z)
        all_weights.append(weights)
    return torch.stack(states, 1), torch.stack(all_weights, 1)
