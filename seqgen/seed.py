"""Reproducible, CPU-friendly start for every notebook."""

import os
import random

import numpy as np
import torch

DEFAULT_THREADS = 2


def setup(seed: int = 0, threads: int | None = None) -> torch.Generator:
    """Seed Python, NumPy and torch, size torch's thread pool, return a seeded generator.

    ``threads`` defaults to ``SEQGEN_THREADS`` or 2: the course is sized for a 2-core
    laptop, and more threads than cores slow small models down.
    """
    if threads is None:
        threads = int(os.environ.get("SEQGEN_THREADS", DEFAULT_THREADS))
    torch.set_num_threads(max(1, threads))
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)
