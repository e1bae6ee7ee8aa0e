"""Feedback for students: each task's points and a message, never hidden-test source.

Messages come from the *outcome* of a grade cell (pass, not attempted, which check
failed), never from its source or traceback: tracebacks of hidden tests quote the hidden
lines, so they are dropped whole.
"""

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from nbformat import NotebookNode

from autograder.notebooks import nbgrader_meta

MAX_MESSAGE = 240


@dataclass(frozen=True)
class TaskFeedback:
    grade_id: str
    score: float
    max_score: float
    message: str

    @property
    def passed(self) -> bool:
        return self.score >= self.max_score


ANSI = re.compile(r"\x1b\[[0-9;]*m")
FRAME = re.compile(r"Cell In\[(\d+)\], line \d+|File ([^\s:]+):\d+")
TRUSTED_FILES = ("seqgen/checks.py",)


def cell_errors(nb: NotebookNode) -> dict[str, dict]:
    """Each failed grade cell's error: name, message, and whether the test itself raised it."""
    errors = {}
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type != "code" or not meta.get("grade"):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors[meta["grade_id"]] = {
                    "ename": output["ename"],
                    "evalue": output["evalue"],
                    "by_test": raised_by_test(output.get("traceback", []), cell.execution_count),
                }
    return errors


def raised_by_test(traceback: list[str], execution_count: int | None) -> bool:
    """True when the innermost frame is the grade cell itself or a trusted check helper.

    Only then is the message the test's own words; an exception raised inside the
    submission's code could carry anything, hidden inputs included.
    """
    frames = FRAME.findall(ANSI.sub("", "\n".join(traceback)))
    if not frames:
        return False
    cell, path = frames[-1]
    if cell:
        return execution_count is not None and int(cell) == execution_count
    return path.endswith(TRUSTED_FILES)


def outcome_message(passed: bool, error: dict | None) -> str:
    """Say what went wrong in words a student can act on, without quoting test code."""
    if passed:
        return "All checks passed."
    if error is None:
        return "No points: the cell did not run to the end (an earlier error or a timeout)."
    name, value = error["ename"], first_line(error["evalue"])
    if name == "NotImplementedError":
        return "Not attempted yet: the function still raises NotImplementedError."
    if name == "AssertionError" and error.get("by_test"):
        return f"A check failed: {value}" if value else "A check failed."
    if name == "AssertionError":
        return "A check failed inside your code (an assertion of your own)."
    return (
        f"Your code raised {name} during the checks; run the visible tests in your "
        "notebook to see where."
    )


def first_line(text: str) -> str:
    lines = str(text).strip().splitlines()
    line = lines[0] if lines else ""
    return line if len(line) <= MAX_MESSAGE else line[: MAX_MESSAGE - 1] + "…"


def render_html(title: str, tasks: list[TaskFeedback], notice: str | None = None) -> str:
    """A small self-contained HTML page: a notice (if any), then one row per task."""
    score = sum(t.score for t in tasks)
    total = sum(t.max_score for t in tasks)
    rows = "\n".join(
        f"<tr class='{'pass' if t.passed else 'fail'}'><td>{html.escape(t.grade_id)}</td>"
        f"<td>{t.score:g} / {t.max_score:g}</td><td>{html.escape(t.message)}</td></tr>"
        for t in tasks
    )
    notice_html = f"<p class='notice'>{html.escape(notice)}</p>" if notice else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .4rem; text-align: left; }}
tr.pass td:first-child {{ border-left: 4px solid #2a7; }}
tr.fail td:first-child {{ border-left: 4px solid #c33; }}
.notice {{ background: #fff4e5; padding: .6rem; border-left: 4px solid #f90; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
{notice_html}
<p><strong>Score: {score:g} / {total:g}</strong></p>
<p>Each task was checked by the visible tests you ran in your notebook and by hidden tests.
Hidden tests are not shown; a message says which kind of check failed.</p>
<table><thead><tr><th>task</th><th>points</th><th>message</th></tr></thead>
<tbody>
{rows}
</tbody></table>
</body></html>
"""


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
