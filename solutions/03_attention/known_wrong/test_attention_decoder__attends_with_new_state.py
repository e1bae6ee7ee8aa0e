"""Known wrong: updates the state first and attends with z_t (Luong's order), not z_{t-1}."""

import torch


def attention_decoder(H, mask, z0, X, W_a, weight_ih, weight_hh, bias_ih, bias_hh):
    cell = torch.nn.GRUCell(X.shape[-1] + H.shape[-1], z0.shape[-1])
    with torch.no_grad():
        for p, q in zip((cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh),
                        (weight_ih, weight_hh, bias_ih, bias_hh)):  # fmt: skip
            p.copy_(q)
    z, context, states, all_weights = z0, H.mean(1), [], []
    for t in range(X.shape[1]):
        z = cell(torch.cat([X[:, t], context], -1), z)
        scores = torch.einsum("bk,ke,bse->bs", z, W_a, H)
        weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), -1)
        context = torch.einsum("bs,bse->be", weights, H)
        states.append(z)
        all_weights.append(weights)
    return torch.stack(states, 1), torch.stack(all_weights, 1)
