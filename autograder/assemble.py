"""Build what runs from a submission: the instructor's cells where they are locked.

Like nbgrader's own restore step, but by construction: cells are taken in the order of
the source notebook; solution cells come from the submission (or stay stubs when
deleted); locked cells and test cells always come from the source, with the hidden tests
cut out (they run in the grader, never in the submission's process); cells the student
added stay after the cell they followed. Every deviation becomes a notice for the
feedback.
"""

import re
from dataclasses import dataclass, field

from nbformat import NotebookNode

from autograder.notebooks import nbgrader_meta

HIDDEN = re.compile(
    r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n(.*?)^[ \t]*### END HIDDEN TESTS[ \t]*\n?", re.S | re.M
)
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
SOLUTION = re.compile(
    r"^[ \t]*### BEGIN SOLUTION[ \t]*\n(.*?)^[ \t]*### END SOLUTION[ \t]*\n?", re.S | re.M
)


@dataclass(frozen=True)
class Step:
    """One code cell to run in the sandbox; for a test cell, its points and hidden checks."""

    source: str
    grade_id: str | None = None
    points: float = 0.0
    hidden: str = ""

    @property
    def is_test(self) -> bool:
        return self.grade_id is not None


@dataclass
class Assembly:
    steps: list[Step] = field(default_factory=list)
    trusted_setup: list[str] = field(default_factory=list)  # instructor code, for the checks
    student_code: list[str] = field(default_factory=list)  # what the student wrote
    notices: list[str] = field(default_factory=list)


def split_hidden(source: str) -> tuple[str, str]:
    """(visible part, hidden part) of a test cell's source."""
    hidden = "\n".join(m.group(1) for m in HIDDEN.finditer(source))
    return HIDDEN.sub("", source).rstrip() + "\n", hidden


def stub_of(source: str) -> str:
    """The source with its solution region replaced by the stub students receive."""
    pattern = re.compile(
        r"^([ \t]*)### BEGIN SOLUTION.*?^[ \t]*### END SOLUTION[ \t]*$", re.S | re.M
    )
    return pattern.sub(lambda m: "\n".join(m.group(1) + line for line in STUB.split("\n")), source)


def reference_submission(source: NotebookNode, release: NotebookNode) -> NotebookNode:
    """The student notebook with the reference solutions typed in (for tests and benchmarks)."""
    by_id = {nbgrader_meta(c).get("grade_id"): c.source for c in source.cells}
    for cell in release.cells:
        if nbgrader_meta(cell).get("solution"):
            cell.source = SOLUTION.sub(r"\1", by_id[nbgrader_meta(cell)["grade_id"]])
    return release


def same(a: str, b: str) -> bool:
    return a.strip() == b.strip()


def student_cells(
    submission: NotebookNode,
) -> tuple[dict[str, NotebookNode], dict[str, list[str]], list[str]]:
    """The submission's nbgrader cells by id (the last of duplicates, as a student who copied
    a cell expects), the student's own code cells after each, and notices on duplicates."""
    by_id, extra, anchor, count = {}, {"": []}, "", {}
    for cell in submission.cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id:
            by_id[grade_id] = cell
            count[grade_id] = count.get(grade_id, 0) + 1
            anchor = grade_id
            extra.setdefault(anchor, [])
        elif cell.cell_type == "code" and cell.source.strip():
            extra.setdefault(anchor, []).append(cell.source)
    notices = [
        f"The cell '{gid}' appears {n} times in your notebook; only the last one was graded."
        for gid, n in count.items()
        if n > 1
    ]
    return by_id, extra, notices


def assemble(source: NotebookNode, submission: NotebookNode) -> Assembly:
    """The steps to run for ``submission`` of the assignment whose source is ``source``."""
    by_id, extra, notices = student_cells(submission)
    result = Assembly(notices=notices)
    result.steps += [Step(code) for code in extra.get("", [])]
    result.student_code += extra.get("", [])
    for cell in source.cells:
        meta = nbgrader_meta(cell)
        grade_id = meta.get("grade_id")
        theirs = by_id.get(grade_id) if grade_id else None
        if cell.cell_type == "code":
            add_code_cell(result, cell, meta, theirs)
        if grade_id:
            result.steps += [Step(code) for code in extra.get(grade_id, [])]
            result.student_code += extra.get(grade_id, [])
    return result


def add_code_cell(result: Assembly, cell, meta: dict, theirs) -> None:
    grade_id = meta.get("grade_id")
    if meta.get("solution"):
        if theirs is None:
            result.notices.append(
                f"The cell '{grade_id}' was deleted; it was graded as not attempted."
            )
        code = theirs.source if theirs is not None else stub_of(cell.source)
        result.steps.append(Step(code))
        result.student_code.append(code)
        return
    visible, hidden = split_hidden(cell.source)
    if grade_id and theirs is None and meta.get("locked"):
        result.notices.append(
            f"The locked cell '{grade_id}' was deleted; the original was restored."
        )
    elif theirs is not None and meta.get("locked") and not same(theirs.source, visible):
        result.notices.append(f"The locked cell '{grade_id}' was edited; the original was used.")
    points = float(meta.get("points", 0)) if meta.get("grade") else 0.0
    their_points = nbgrader_meta(theirs).get("points") if theirs is not None else None
    if meta.get("grade") and their_points is not None and float(their_points) != points:
        result.notices.append(
            f"The points of '{grade_id}' were edited; the instructor's {points:g} were used."
        )
    if meta.get("grade"):
        result.steps.append(Step(visible, grade_id, points, hidden))
    else:
        result.steps.append(Step(cell.source))
        if meta.get("locked"):
            result.trusted_setup.append(cell.source)
