"""One bench result per notebook, kept as ``benchmarks/results/<path with / -> __>.json``.

A file holds what one bench of one notebook measured: the seeds, each run's one-thread CPU
seconds, wall seconds, peak memory, error and metrics, how many runs passed every assertion,
when and on what machine. ``REPORT.md`` is written from these files only (see
:mod:`benchmarks.report`), so benching one notebook never drops another's row.

A file migrated from the hand-written report of an earlier session has no per-run values
(that report kept only the worst CPU time, the largest wall time and memory, and each
metric's mean [min, max]); it holds them under ``summary`` and says where they came from.
"""

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
ISOLATION = "isolation.json"  # the grader's isolation overhead, written by a full bench


def file_name(notebook: str) -> str:
    """``book/03_x/01_y.ipynb`` -> ``book__03_x__01_y.ipynb.json``."""
    if notebook.startswith("/") or ".." in notebook.split("/"):
        raise ValueError(f"a notebook path relative to the repository, not {notebook!r}")
    return notebook.replace("/", "__") + ".json"


def notebook_of(file: Path) -> str:
    """The notebook path a result file is named after."""
    return file.name.removesuffix(".json").replace("__", "/")


def machine() -> dict:
    """What the timings depend on: cores, Python, torch threads, the code's commit."""
    from seqgen.seed import DEFAULT_THREADS

    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "torch_threads": int(os.environ.get("SEQGEN_THREADS", DEFAULT_THREADS)),
        "platform": platform.platform(),
        "load_average_1min": round(os.getloadavg()[0], 1),
        "commit": commit(),
    }


def commit() -> str:
    """The checked-out commit, with ``+changes`` when the tree differs from it."""

    def git(*args):  # fmt: skip
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    head = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    return head + ("+changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def new_result(notebook: str, seeds: tuple[int, ...], runs: list[dict]) -> dict:
    """The result of benching ``notebook`` once per seed (``runs[i]`` ran with ``seeds[i]``)."""
    return {
        "notebook": notebook,
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "machine": machine(),
        "seeds": list(seeds),
        "runs_passing": sum(not r["error"] for r in runs),
        "runs": [{"seed": s, **r} for s, r in zip(seeds, runs, strict=True)],
    }


def save(result: dict, folder: Path | None = None) -> Path:
    """Write one notebook's result file (replacing its previous bench)."""
    folder = folder or RESULTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name(result["notebook"])
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load_all(folder: Path | None = None) -> dict[str, dict]:
    """Every notebook's result, by notebook path; a file that is not one is an error."""
    folder = folder or RESULTS
    found = {}
    for file in sorted(folder.glob("*.ipynb.json")):
        result = json.loads(file.read_text(encoding="utf-8"))
        if result.get("notebook") != notebook_of(file):
            raise ValueError(f"{file.name} holds the result of {result.get('notebook')!r}")
        found[result["notebook"]] = result
    return found


def load_isolation(folder: Path | None = None) -> dict | None:
    """The isolation overhead measured by the last full bench, if any."""
    file = (folder or RESULTS) / ISOLATION
    return json.loads(file.read_text(encoding="utf-8")) if file.exists() else None
