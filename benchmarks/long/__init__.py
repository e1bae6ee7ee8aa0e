"""Long runs (minutes to hours, never in CI) for targets a one-minute notebook cannot reach.

The convention every module ``benchmarks/long/<name>.py`` follows:

- ``python -m benchmarks.long.<name> all [--quick] [--out DIR]`` runs all its parts (every
  seed), then writes its report ``benchmarks/LONG_<chapter>.md`` from the stored results;
- its single parts and ``report`` stay callable on their own (one seed per process);
- each finished run stores one JSON file in ``benchmarks/long/results/<name>/`` (the report
  reads them all, so it holds every run that finished, and nothing else);
- ``--quick`` is a smoke test of seconds: tiny budgets, and its results and report go to a
  scratch folder (``--out``, or a fresh temporary one), never over the committed ones.

``python -m benchmarks.long [--quick]`` (``make bench-long``) finds every such module and
runs its ``all``. :func:`command_line` and :func:`outputs` give each module that interface.
"""

import argparse
import pkgutil
import resource
import tempfile
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BENCHMARKS = PACKAGE.parent
RESULTS = PACKAGE / "results"


def modules() -> list[str]:
    """The long-run modules in this package, by name (private ones, ``_x``, excluded)."""
    found = pkgutil.iter_modules([str(PACKAGE)])
    return sorted(m.name for m in found if not m.name.startswith("_") and not m.ispkg)


def cpu_seconds() -> float:
    """User + system CPU seconds of this process so far (the house's measure of cost)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def command_line(doc: str, parts: list[str]) -> argparse.ArgumentParser:
    """The shared interface: ``PART`` (one of ``parts``, ``all`` or ``report``) and flags."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("part", choices=[*parts, "all", "report"])
    parser.add_argument("--seed", type=int, default=0, help="the seed of a single part")
    parser.add_argument("--quick", action="store_true", help="tiny budgets: a smoke test")
    parser.add_argument("--out", type=Path, help="write results and report here instead")
    return parser


def outputs(name: str, chapter: str, args: argparse.Namespace) -> tuple[Path, Path]:
    """Where module ``name`` stores its runs and its report, for these arguments.

    Without ``--out`` a full run writes the committed places; a ``--quick`` run without
    ``--out`` gets a fresh temporary folder (so a smoke test never overwrites a result).
    """
    if args.out is None and args.quick:
        args.out = Path(tempfile.mkdtemp(prefix=f"long-{name}-quick-"))
    if args.out is None:
        return RESULTS / name, BENCHMARKS / f"LONG_{chapter}.md"
    return args.out / "results" / name, args.out / f"LONG_{chapter}.md"
