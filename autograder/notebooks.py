"""Reading notebooks and the nbgrader cells in them, with clear errors for bad input."""

import json
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from autograder.text import safe_text


class NotebookError(Exception):
    """The file is not a usable notebook for this assignment; the message says why."""


@dataclass(frozen=True)
class GradeCell:
    """A locked test cell: its id, its points and its full source (hidden tests included)."""

    grade_id: str
    points: float
    source: str


def read_notebook(path: Path) -> NotebookNode:
    """Parse ``path`` as a Jupyter notebook, or raise :class:`NotebookError` saying why not."""
    path = Path(path)
    if not path.is_file():
        raise NotebookError(f"{safe_text(path.name)}: no such file")
    return parse_notebook(path.read_bytes(), path.name)


def parse_notebook(data: bytes, name: str) -> NotebookNode:
    """Parse a notebook's bytes; ``name`` (made safe) is used in the error messages."""
    name = safe_text(name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise NotebookError(f"{name}: not a text file, so not a notebook") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        raise NotebookError(
            f"{name}: not valid notebook JSON (line {err.lineno}, column {err.colno}: "
            f"{err.msg}); was it saved from Jupyter?"
        ) from None
    except RecursionError:
        raise NotebookError(f"{name}: JSON nested too deeply to be a notebook") from None
    if not isinstance(raw, dict) or "cells" not in raw:
        raise NotebookError(f"{name}: JSON, but not a Jupyter notebook (no 'cells')")
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as err:  # nbformat raises several types for one problem: a bad notebook
        first_line = safe_text((str(err).strip().splitlines() or [type(err).__name__])[0][:200])
        raise NotebookError(f"{name}: not a valid notebook ({first_line})") from None
    return nb


def nbgrader_meta(cell: NotebookNode) -> dict:
    """The cell's nbgrader metadata (empty for ordinary cells).

    nbformat does not check this field, so a submission may hold anything there; whatever
    is not a mapping with a text ``grade_id`` (if any) makes an ordinary cell of the
    student's own, not a crash that would be taken for the grader's fault.
    """
    meta = cell.get("metadata", {}).get("nbgrader") or {}
    if not isinstance(meta, dict) or not isinstance(meta.get("grade_id", ""), str):
        return {}
    return meta


def grade_cells(nb: NotebookNode) -> list[GradeCell]:
    """The autograded test cells of ``nb``, in notebook order."""
    cells = []
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
            cells.append(GradeCell(meta["grade_id"], float(meta.get("points", 0)), cell.source))
    return cells


def check_submission_matches(
    submission: NotebookNode, source: NotebookNode, name: str, assignment: str
) -> None:
    """Refuse a notebook that shares no graded cell with the assignment's source."""
    wanted = {nbgrader_meta(c).get("grade_id") for c in source.cells if nbgrader_meta(c)}
    found = {nbgrader_meta(c).get("grade_id") for c in submission.cells if nbgrader_meta(c)}
    wanted.discard(None)
    if not wanted & found:
        raise NotebookError(
            f"{name}: this is not a notebook of assignment {assignment} (none of its graded "
            "cells are here): did you submit the right file?"
        )
