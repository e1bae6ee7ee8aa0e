"""Release: validate an assignment, then write its student version into ``exercises/``."""

from autograder import nbgrader_run
from autograder.settings import CourseError, Settings
from autograder.validate import format_table, validate


def release(settings: Settings, assignment: str, skip_validation: bool = False) -> str:
    """Validate (unless told not to) and generate ``exercises/<assignment>``; return a report."""
    report = ""
    if not skip_validation:
        results = validate(settings, assignment)
        report = format_table(results)
        if not all(r.ok for r in results):
            raise CourseError(f"{assignment} did not validate, so it was not released:\n{report}")
    nbgrader_run.generate_assignment(settings, assignment, settings.release)
    return report
