"""Reproducible, CPU-friendly start for every notebook, and the benchmark's seed override.

A notebook seeds everything through :func:`setup` (and :func:`make_generator` for extra
streams such as a test set). ``make bench`` reruns comparison notebooks with the
environment variable ``SEQGEN_SEED`` set to 1, 2, ...: every seed the notebook asks for is
then shifted by ``1000 * SEQGEN_SEED``, so the whole run changes (initial weights, batches,
test data) while seeds that differ within one notebook stay different. Unset or 0, the
notebook runs exactly as written.
"""

import os
import random

import numpy as np
import torch

DEFAULT_THREADS = 1
SEED_ENV = "SEQGEN_SEED"
SEED_STRIDE = 1000  # wider than any seed a notebook uses, so runs never share a seed


def run_seed() -> int:
    """The benchmark's run index from ``SEQGEN_SEED`` (0 when unset)."""
    value = os.environ.get(SEED_ENV, "").strip()
    if not value:
        return 0
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{SEED_ENV} must be an integer, not {value!r}") from None


def effective_seed(seed: int) -> int:
    """The seed actually used for ``seed`` in this run."""
    return seed + SEED_STRIDE * run_seed()


def make_generator(seed: int) -> torch.Generator:
    """A torch generator seeded with ``effective_seed(seed)``; global state untouched."""
    return torch.Generator().manual_seed(effective_seed(seed))


def setup(seed: int = 0, threads: int | None = None) -> torch.Generator:
    """Seed Python, NumPy and torch, size torch's thread pool, return a seeded generator.

    ``threads`` defaults to ``SEQGEN_THREADS`` or 1. The course's models are small: a second
    thread buys little for them, and the build and tests run two notebooks at once on a
    2-core machine, where two threads each would fight over the cores (measured: a section
    took 61 s with 2 threads under that load and 21 s with 1).
    """
    if threads is None:
        threads = int(os.environ.get("SEQGEN_THREADS", DEFAULT_THREADS))
    torch.set_num_threads(max(1, threads))
    seed = effective_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)
