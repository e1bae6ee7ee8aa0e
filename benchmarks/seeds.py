"""Which notebooks ``make bench`` runs over several seeds, and which seeds.

A notebook asserts its claims for the one seed it is written with (run 0). Every book
notebook that compares models ("X beats Y") is rerun here with ``SEQGEN_SEED`` set to each
further seed (see :mod:`seqgen.seed`), and the report shows each metric's spread and how
many runs passed every assertion. A book notebook that makes no comparison may run once,
but only with a reason written below. ``tests/test_bench_seeds.py`` keeps this honest.
"""

# Run 0 is the notebook as the book shows it; runs 1 and 2 shift every seed it uses.
SEEDS = (0, 1, 2)

# Book notebooks (paths from the repository root) that make no comparison, with the reason.
SINGLE_RUN: dict[str, str] = {}


def seeds_for(relative_path: str) -> tuple[int, ...]:
    """The seeds a notebook runs with: every seed for a book section, else run 0 only."""
    if relative_path.startswith("book/") and relative_path not in SINGLE_RUN:
        return SEEDS
    return (0,)
