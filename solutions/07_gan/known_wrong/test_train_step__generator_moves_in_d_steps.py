"""Known wrong: the fakes are not detached, so each discriminator step also moves G
(descending L_D, i.e. helping D)."""

import torch
import torch.nn.functional as F


def train_step(g_params, d_params, real_batches, latent_batches, lr):
    if len(latent_batches) != len(real_batches) + 1:
        raise ValueError("mismatched lists")
    g_params = [p.detach() for p in g_params]
    d_params = [p.detach() for p in d_params]
    d_losses = []
    for real, z in zip(real_batches, latent_batches):
        d_leaves = [p.clone().requires_grad_() for p in d_params]
        g_leaves = [p.clone().requires_grad_() for p in g_params]
        real_logits = discriminator(real, d_leaves)  # noqa: F821
        fake_logits = discriminator(generator(z, g_leaves), d_leaves)  # noqa: F821
        loss = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
        loss = loss + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
        grads = torch.autograd.grad(loss, d_leaves + g_leaves)
        d_params = [p - lr * g for p, g in zip(d_params, grads[:4])]
        g_params = [p - lr * g for p, g in zip(g_params, grads[4:])]
        d_losses.append(loss.item())
    g_leaves = [p.clone().requires_grad_() for p in g_params]
    logits = discriminator(generator(latent_batches[-1], g_leaves), d_params)  # noqa: F821
    g_loss = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
    g_params = [p - lr * g for p, g in zip(g_params, torch.autograd.grad(g_loss, g_leaves))]
    return g_params, d_params, d_losses, g_loss.item()
