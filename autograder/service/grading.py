"""The bridge from a submission row to the autograder's grading path.

A job is graded exactly as ``autograder grade`` grades one file: :func:`autograder.grade.
grade_one` (sandbox, hidden checks in this process, gradebook, feedback page, results
log). The per-assignment context (source notebook, rules, course secret) is prepared once
and prepared again when the assignment's source changes.
"""

import threading
from dataclasses import asdict
from pathlib import Path

from autograder import nbgrader_run
from autograder.grade import Options, grade_one, prepare
from autograder.results import GradeResult
from autograder.service.config import ServiceConfig


class Grader:
    """Grades one stored file for one student; safe to call from several worker threads."""

    def __init__(self, config: ServiceConfig):
        self.config = config
        self.options = Options(isolate=config.isolate, limits=config.limits, jobs=1)
        self._contexts: dict[str, tuple[str, object]] = {}
        self._lock = threading.Lock()

    def context(self, assignment: str):
        settings = self.config.settings
        digest = nbgrader_run.source_digest(settings, assignment)
        with self._lock:  # one preparation at a time; the gradebook is written once
            cached = self._contexts.get(assignment)
            if cached is None or cached[0] != digest:
                ctx, _notice = prepare(settings, assignment)
                nbgrader_run.ensure_in_gradebook(settings, assignment)
                self._contexts[assignment] = cached = (digest, ctx)
            return cached[1]

    def __call__(self, path: Path, student: str, assignment: str, run: str) -> GradeResult:
        ctx = self.context(assignment)
        settings = self.config.settings
        return grade_one(settings, assignment, path, student, self.options, ctx, run)


def summary(result: GradeResult) -> dict:
    """What the service keeps of a result: each task's points and message, the notices."""
    return {
        "tasks": [asdict(task) for task in result.tasks],
        "notices": list(result.notices),
        "grader_status": result.status,
    }
