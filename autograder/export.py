"""Export the gradebook as CSV: one row per student, assignment and task."""

import csv
from pathlib import Path

from autograder.gradebook import all_scores
from autograder.settings import Settings

COLUMNS = ["student", "assignment", "notebook", "task", "score", "max_score"]


def export_csv(settings: Settings, target: Path) -> int:
    """Write every recorded task score to ``target``; return the number of rows."""
    rows = sorted(all_scores(settings), key=lambda r: (r["student"], r["assignment"], r["task"]))
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
