import math

import pytest
import torch

from seqgen.gan import (
    GAN,
    curve_gap,
    discriminator_loss,
    gan_step,
    generator_loss,
    ks_uniform,
    leaky_relu,
    mlp,
    mode_quality,
    ring_centres,
    ring_of_gaussians,
    sine_curve,
    train_gan,
)


def test_sine_curve_lies_on_the_curve_and_covers_the_range():
    points = sine_curve(4000, torch.Generator().manual_seed(0))
    assert points.shape == (4000, 2)
    assert curve_gap(points) < 1e-6
    assert ks_uniform(points[:, 0], 0, 2 * math.pi) < 0.03


def test_ring_centres_are_distinct_and_on_the_circle():
    centres = ring_centres(8, radius=2.0)
    assert torch.allclose(centres.norm(dim=1), torch.full((8,), 2.0))
    assert torch.pdist(centres).min() > 1.5  # no duplicated mode (linspace's trap)


def test_real_ring_samples_score_all_modes_and_high_quality():
    samples = ring_of_gaussians(2500, torch.Generator().manual_seed(1))
    covered, quality = mode_quality(samples, ring_centres(), std=0.02)
    assert covered == 8 and quality > 0.98  # P(chi2_2 < 9) = 0.989


def test_collapsed_samples_cover_one_mode():
    samples = ring_centres()[[0]].repeat(500, 1)
    assert mode_quality(samples, ring_centres(), std=0.02) == (1, 1.0)
    far = torch.zeros(500, 2)  # the centre of the ring is far from every mode
    assert mode_quality(far, ring_centres(), std=0.02) == (0, 0.0)


def test_ks_uniform_matches_known_values():
    assert ks_uniform(torch.full((10,), 0.5), 0, 1) == pytest.approx(0.5)
    grid = (torch.arange(100) + 0.5) / 100
    assert ks_uniform(grid, 0, 1) == pytest.approx(0.005, abs=1e-6)


def test_curve_gap_of_offset_points():
    x1 = torch.linspace(0, 6, 50)
    assert curve_gap(torch.stack([x1, torch.sin(x1) + 0.3], 1)) == pytest.approx(0.3)


def test_losses_match_their_formulas():
    real, fake = torch.tensor([2.0, -1.0]), torch.tensor([0.5, -3.0])
    sig = torch.sigmoid
    expected_d = -(torch.log(sig(real)).mean() + torch.log(1 - sig(fake)).mean())
    assert discriminator_loss(real, fake).item() == pytest.approx(expected_d.item(), rel=1e-6)
    assert generator_loss(fake).item() == pytest.approx(-torch.log(sig(fake)).mean().item())


def test_mlp_shapes_and_bad_sizes():
    net = mlp([2, 8, 8, 3], leaky_relu)
    assert net(torch.zeros(5, 2)).shape == (5, 3)
    assert isinstance(net[-1], torch.nn.Linear)
    with pytest.raises(ValueError, match="at least"):
        mlp([4])


def test_packing_needs_divisible_batches():
    gan = GAN(mlp([2, 4, 2]), mlp([4, 4, 1]), latent_dim=2, pack=2)
    assert gan.judge(torch.zeros(6, 2)).shape == (3,)
    with pytest.raises(ValueError, match="packs of 2"):
        gan.judge(torch.zeros(5, 2))


def test_generator_step_leaves_the_discriminator_alone():
    torch.manual_seed(0)
    gan = GAN(mlp([2, 8, 2]), mlp([2, 8, 1]), latent_dim=2)
    d_opt = torch.optim.SGD(gan.discriminator.parameters(), lr=0.0)  # D cannot move
    g_opt = torch.optim.SGD(gan.generator.parameters(), lr=0.1)
    d_before = [p.clone() for p in gan.discriminator.parameters()]
    g_before = [p.clone() for p in gan.generator.parameters()]
    batches = iter(lambda: sine_curve(16), None)
    gan_step(gan, batches, 16, d_opt, g_opt, k=2)
    assert all(torch.equal(a, b) for a, b in zip(d_before, gan.discriminator.parameters()))
    assert not all(torch.equal(a, b) for a, b in zip(g_before, gan.generator.parameters()))
    assert all(p.requires_grad for p in gan.discriminator.parameters())


def test_train_gan_records_losses_and_snapshots():
    torch.manual_seed(0)
    gan = GAN(mlp([2, 16, 2]), mlp([2, 16, 1], leaky_relu), latent_dim=2)
    run = train_gan(gan, sine_curve, steps=20, batch_size=32, snapshot_every=10, progress=False)
    assert len(run.d_losses) == len(run.g_losses) == 20
    assert run.snapshot_steps == [0, 10, 20]
    assert run.snapshots[0].shape == (512, 2)
    assert not torch.equal(run.snapshots[0], run.snapshots[-1])
