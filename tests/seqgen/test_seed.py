import torch

from seqgen.seed import setup


def test_setup_makes_runs_repeatable_and_sets_threads():
    setup(3, threads=1)
    first = torch.rand(3)
    generator = setup(3, threads=1)
    assert torch.equal(first, torch.rand(3))
    assert torch.get_num_threads() == 1
    assert torch.equal(torch.rand(2, generator=generator), torch.rand(2, generator=setup(3)))
