"""Metrics a notebook reports for the benchmark table.

A notebook calls ``report_metric("val_accuracy", 0.97)``. When the benchmark runner sets
``SEQGEN_METRICS_FILE``, each call appends one JSON line there; otherwise it does
nothing, so notebooks run the same everywhere. It returns nothing, so a call that ends a
cell adds no stray output to the page.
"""

import json
import os
from pathlib import Path

METRICS_ENV = "SEQGEN_METRICS_FILE"


def report_metric(name: str, value: float, paper: str | None = None) -> None:
    """Record ``name = value`` (and the paper's figure, if any) for the benchmark report."""
    value = float(value)
    target = os.environ.get(METRICS_ENV)
    if target:
        line = json.dumps({"name": name, "value": value, "paper": paper})
        with Path(target).open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def read_metrics(path: Path) -> list[dict]:
    """Read the metrics a notebook reported (missing file: none)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
