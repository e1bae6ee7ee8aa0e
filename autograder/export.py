"""Export the gradebook as CSV: one row per student, assignment and task.

``needs_regrade`` is ``yes`` on every row of a student whose last grading of that
assignment failed on the grader's side (the gradebook kept the earlier scores): grade that
student again before trusting the row.
"""

import csv
from pathlib import Path

from autograder.gradebook import all_scores
from autograder.records import regrade_marks
from autograder.settings import Settings

COLUMNS = ["student", "assignment", "notebook", "task", "score", "max_score", "needs_regrade"]


def export_csv(settings: Settings, target: Path) -> int:
    """Write every recorded task score to ``target``; return the number of rows."""
    marks = regrade_marks(settings)
    rows = sorted(all_scores(settings), key=lambda r: (r["student"], r["assignment"], r["task"]))
    for row in rows:
        row["needs_regrade"] = "yes" if (row["student"], row["assignment"]) in marks else ""
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)
