import torch

from seqgen.seed import setup


def test_setup_makes_runs_repeatable_and_sets_threads():
    setup(3, threads=1)
    first = torch.rand(3)
    generator = setup(3, threads=1)
    assert torch.equal(first, torch.rand(3))
    assert torch.get_num_threads() == 1
    assert torch.equal(torch.rand(2, generator=generator), torch.rand(2, generator=setup(3)))


def test_seqgen_seed_shifts_every_seed_of_a_run(monkeypatch):
    import pytest

    from seqgen.seed import SEED_ENV, effective_seed, make_generator

    monkeypatch.delenv(SEED_ENV, raising=False)
    assert effective_seed(7) == 7
    default = torch.rand(3, generator=setup(0))
    monkeypatch.setenv(SEED_ENV, "2")
    assert effective_seed(7) == 2007 and effective_seed(0) != effective_seed(1)
    shifted = torch.rand(3, generator=setup(0))
    assert not torch.equal(default, shifted)
    assert torch.equal(torch.rand(3, generator=make_generator(0)), shifted)
    monkeypatch.setenv(SEED_ENV, "two")
    with pytest.raises(ValueError, match="SEQGEN_SEED must be an integer"):
        setup(0)
