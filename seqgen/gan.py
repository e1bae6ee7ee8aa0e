"""Generative adversarial networks on small data: toy distributions, MLPs, one training loop.

Chapter 07 trains three GANs with the same loop: the lecture's points on a sine curve,
a ring of Gaussians (to measure mode collapse) and the bundled 8x8 digits. Every
discriminator returns *logits* (no sigmoid): the losses use the numerically stable
``binary_cross_entropy_with_logits``.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn

from seqgen.train import linear_decay, progress_bar

Sampler = Callable[[int], torch.Tensor]


def sine_curve(n: int, generator: torch.Generator | None = None) -> torch.Tensor:
    """The lecture's real data: (n, 2) points (x1, sin x1) with x1 uniform on [0, 2 pi]."""
    x1 = torch.rand(n, generator=generator) * 2 * math.pi
    return torch.stack([x1, torch.sin(x1)], dim=1)


def ring_centres(num_modes: int = 8, radius: float = 2.0) -> torch.Tensor:
    """(num_modes, 2) centres evenly spaced on a circle (endpoint excluded: all distinct)."""
    angles = torch.arange(num_modes) * (2 * math.pi / num_modes)
    return radius * torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)


def ring_of_gaussians(
    n: int,
    generator: torch.Generator | None = None,
    num_modes: int = 8,
    radius: float = 2.0,
    std: float = 0.02,
) -> torch.Tensor:
    """(n, 2) samples from an equal mixture of Gaussians centred on :func:`ring_centres`."""
    modes = torch.randint(0, num_modes, (n,), generator=generator)
    noise = torch.randn(n, 2, generator=generator) * std
    return ring_centres(num_modes, radius)[modes] + noise


def mlp(sizes: list[int], activation: Callable[[], nn.Module] = nn.ReLU) -> nn.Sequential:
    """Linear layers of ``sizes`` with ``activation`` between them (none after the last)."""
    if len(sizes) < 2:
        raise ValueError(f"an MLP needs at least input and output sizes, got {sizes}")
    layers: list[nn.Module] = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(fan_in, fan_out))
        if i < len(sizes) - 2:
            layers.append(activation())
    return nn.Sequential(*layers)


def leaky_relu() -> nn.Module:
    """LeakyReLU(0.2), the usual discriminator activation (no dead units on fakes)."""
    return nn.LeakyReLU(0.2)


class GAN(nn.Module):
    """A generator G: z -> x and a discriminator D: x -> logit (real vs fake).

    ``pack`` > 1 makes it a PacGAN: D judges ``pack`` samples concatenated at once, so its
    first layer must take ``pack * data_dim`` inputs. A generator that collapses onto a few
    modes produces packs that look unlike real packs, and D can tell.
    """

    def __init__(self, generator: nn.Module, discriminator: nn.Module, latent_dim: int, pack=1):
        super().__init__()
        self.generator, self.discriminator = generator, discriminator
        self.latent_dim, self.pack = latent_dim, pack

    def sample(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        """``n`` generated samples from standard-normal latent codes."""
        z = torch.randn(n, self.latent_dim, generator=generator)
        return self.generator(z)

    def judge(self, x: torch.Tensor) -> torch.Tensor:
        """D's logits for a batch; with packing, one logit per group of ``pack`` rows."""
        if x.shape[0] % self.pack:
            raise ValueError(f"batch of {x.shape[0]} does not split into packs of {self.pack}")
        packed = x.reshape(x.shape[0] // self.pack, -1)  # (B / pack, pack * data_dim)
        return self.discriminator(packed).squeeze(-1)


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """-[log D(x) + log(1 - D(G(z)))]: label 1 for real, 0 for fake, averaged."""
    real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
    fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return real + fake


def generator_loss(fake_logits: torch.Tensor) -> torch.Tensor:
    """Non-saturating loss -log D(G(z)): steep exactly when D confidently rejects the fakes."""
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))


@dataclass
class GANRun:
    """What a GAN run recorded: losses per generator step and sample snapshots."""

    d_losses: list[float] = field(default_factory=list)
    g_losses: list[float] = field(default_factory=list)
    snapshot_steps: list[int] = field(default_factory=list)
    snapshots: list[torch.Tensor] = field(default_factory=list)


def make_optimizers(gan: GAN, lr: float, betas=(0.5, 0.999)):
    """One Adam per player: each step updates only its own player's parameters."""
    d_opt = torch.optim.Adam(gan.discriminator.parameters(), lr=lr, betas=betas)
    g_opt = torch.optim.Adam(gan.generator.parameters(), lr=lr, betas=betas)
    return d_opt, g_opt


def gan_step(gan: GAN, real_batches, batch_size: int, d_opt, g_opt, k: int = 1):
    """k discriminator updates, then one generator update with D frozen; return both losses."""
    for _ in range(k):
        real = next(real_batches)
        with torch.no_grad():  # D's step must not move G
            fake = gan.sample(batch_size)
        d_loss = discriminator_loss(gan.judge(real), gan.judge(fake))
        d_opt.zero_grad(set_to_none=True)
        d_loss.backward()
        d_opt.step()
    gan.discriminator.requires_grad_(False)  # freeze D: gradients flow through it to G only
    g_loss = generator_loss(gan.judge(gan.sample(batch_size)))
    g_opt.zero_grad(set_to_none=True)
    g_loss.backward()
    g_opt.step()
    gan.discriminator.requires_grad_(True)
    return d_loss.item(), g_loss.item()


def train_gan(
    gan: GAN,
    real_sampler: Sampler,
    steps: int,
    batch_size: int = 128,
    k: int = 1,
    lr: float = 1e-3,
    decay_from: float = 0.5,
    snapshot_every: int = 0,
    snapshot_size: int = 512,
    progress: bool = True,
    desc: str = "GAN",
) -> GANRun:
    """Train ``gan`` for ``steps`` generator steps (each after ``k`` discriminator steps).

    ``real_sampler(n)`` returns ``n`` real samples. Snapshots are generated from one fixed
    set of latent codes, so successive frames show how the same codes move.
    """
    d_opt, g_opt = make_optimizers(gan, lr)
    schedules = [
        torch.optim.lr_scheduler.LambdaLR(o, linear_decay(steps, decay_from))
        for o in (d_opt, g_opt)
    ]
    real_batches = iter(lambda: real_sampler(batch_size), None)
    fixed_z = torch.randn(snapshot_size, gan.latent_dim)
    run = GANRun()
    for step in progress_bar(range(steps), desc=desc, disable=not progress):
        if snapshot_every and step % snapshot_every == 0:
            record_snapshot(gan, fixed_z, step, run)
        d_loss, g_loss = gan_step(gan, real_batches, batch_size, d_opt, g_opt, k)
        run.d_losses.append(d_loss)
        run.g_losses.append(g_loss)
        for schedule in schedules:
            schedule.step()
    if snapshot_every:
        record_snapshot(gan, fixed_z, steps, run)
    return run


@torch.no_grad()
def record_snapshot(gan: GAN, fixed_z: torch.Tensor, step: int, run: GANRun) -> None:
    """Store what G makes of ``fixed_z`` at ``step``."""
    run.snapshot_steps.append(step)
    run.snapshots.append(gan.generator(fixed_z).clone())


def curve_gap(points: torch.Tensor) -> float:
    """Mean |x2 - sin x1|: 0 for points on the lecture's curve."""
    return (points[:, 1] - torch.sin(points[:, 0])).abs().mean().item()


def ks_uniform(values: torch.Tensor, low: float, high: float) -> float:
    """Kolmogorov-Smirnov statistic of ``values`` against Uniform(low, high)."""
    x = values.detach().double().sort().values
    n = x.numel()
    cdf = ((x - low) / (high - low)).clamp(0, 1)
    above = torch.arange(1, n + 1, dtype=torch.float64) / n - cdf
    below = cdf - torch.arange(0, n, dtype=torch.float64) / n
    return max(above.max().item(), below.max().item())


def mode_quality(
    samples: torch.Tensor, centres: torch.Tensor, std: float, min_share: float = 0.01
) -> tuple[int, float]:
    """Modes covered and share of high-quality samples (Unrolled GAN / VEEGAN measures).

    A sample is high quality when it lies within 3 ``std`` of its nearest centre; a mode is
    covered when at least ``min_share`` of all samples are high quality and nearest to it.
    """
    distance, nearest = torch.cdist(samples, centres).min(dim=1)
    good = distance < 3 * std
    counts = torch.bincount(nearest[good], minlength=centres.shape[0])
    covered = int((counts >= min_share * samples.shape[0]).sum())
    return covered, good.float().mean().item()
