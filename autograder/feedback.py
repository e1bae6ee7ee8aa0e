"""Feedback pages for students: each task's points, its visible tests, its hidden verdict.

Nothing here quotes test code or a traceback: task messages come from the grader's own
hidden checks (the instructor's words), visible-test results are reported by kind only,
and notices say what the grader restored or ignored.
"""

import html
import os
from pathlib import Path

from autograder.results import TaskResult
from autograder.text import safe_text

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 56rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; }
td, th { border-bottom: 1px solid #ddd; padding: .45rem; text-align: left; vertical-align: top; }
tr.pass td:first-child { border-left: 4px solid #2a7; }
tr.fail td:first-child { border-left: 4px solid #c33; }
.notice { background: #fff4e5; padding: .6rem; border-left: 4px solid #f90; margin: .4rem 0; }
"""


def render_html(title: str, tasks: list[TaskResult], notices: list[str], total: float) -> str:
    """A self-contained HTML page: notices, the score, then one row per task."""
    score = sum(t.score for t in tasks)
    rows = "\n".join(
        f"<tr class='{'pass' if t.score >= t.points else 'fail'}'>"
        f"<td>{html.escape(t.grade_id)}</td><td>{t.score:g} / {t.points:g}</td>"
        f"<td>{html.escape(t.visible)}</td><td>{html.escape(t.message)}</td></tr>"
        for t in tasks
    )
    notes = "\n".join(f"<p class='notice'>{html.escape(n)}</p>" for n in notices)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{STYLE}</style></head><body>
<h1>{html.escape(title)}</h1>
{notes}
<p><strong>Score: {score:g} / {total:g}</strong></p>
<p>A task earns its points when the grader's hidden checks of it pass. The visible tests
are the ones in your notebook: their result is shown for your information and does not
count by itself. Hidden checks are not shown; a message says which property failed.</p>
<table><thead><tr><th>task</th><th>points</th><th>visible tests</th><th>hidden checks</th></tr>
</thead><tbody>
{rows}
</tbody></table>
</body></html>
"""


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(safe_text(text), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
