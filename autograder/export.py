"""Export the gradebook as CSV: one row per student, assignment and task, and a summary
per task that shows an instructor which task students struggle with.

``needs_regrade`` is ``yes`` on every row of a student whose last grading of that
assignment failed on the grader's side (the gradebook kept the earlier scores): grade that
student again before trusting the row.

The summary has one row per assignment and task: how many students have a score, the mean
score, the mean as a fraction of the task's points, the pass rate (the share with full
points) and the zero rate (the share with no points at all).
"""

import csv
from collections import defaultdict
from pathlib import Path

from autograder.gradebook import all_scores
from autograder.records import regrade_marks
from autograder.settings import Settings

COLUMNS = ["student", "assignment", "notebook", "task", "score", "max_score", "needs_regrade"]
SUMMARY_COLUMNS = [
    "assignment", "task", "students", "max_score", "mean", "mean_fraction", "pass_rate",
    "zero_rate",
]  # fmt: skip


def export_csv(settings: Settings, target: Path, summary: Path | None = None) -> int:
    """Write every recorded task score to ``target`` (and the per-task summary to
    ``summary`` when given); return the number of score rows."""
    marks = regrade_marks(settings)
    rows = sorted(all_scores(settings), key=lambda r: (r["student"], r["assignment"], r["task"]))
    for row in rows:
        row["needs_regrade"] = "yes" if (row["student"], row["assignment"]) in marks else ""
    write_rows(target, COLUMNS, rows)
    if summary is not None:
        write_rows(summary, SUMMARY_COLUMNS, summarise(rows))
    return len(rows)


def write_rows(target: Path, columns: list[str], rows: list[dict]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def summarise(rows: list[dict]) -> list[dict]:
    """One row per (assignment, task), sorted by assignment and task name."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        groups[row["assignment"], row["task"]].append(row)
    summary = []
    for (assignment, task), group in sorted(groups.items()):
        points = max(r["max_score"] for r in group)
        scores = [r["score"] for r in group]
        mean = sum(scores) / len(scores)
        summary.append(
            {
                "assignment": assignment,
                "task": task,
                "students": len(scores),
                "max_score": f"{points:g}",
                "mean": f"{mean:.3f}",
                "mean_fraction": f"{mean / points:.3f}" if points else "",
                "pass_rate": f"{sum(s >= points for s in scores) / len(scores):.3f}",
                "zero_rate": f"{sum(s <= 0 for s in scores) / len(scores):.3f}",
            }
        )
    return summary
