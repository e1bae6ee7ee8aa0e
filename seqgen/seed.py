"""Reproducible, CPU-friendly start for every notebook."""

import os
import random

import numpy as np
import torch

DEFAULT_THREADS = 1


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
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)
