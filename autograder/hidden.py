"""The import path hidden cells use (``from autograder.hidden import run_hidden_checks``).

Everything lives in :mod:`autograder.student`; this module keeps the old names working.
"""

from autograder.student import (  # noqa: F401 (re-exported for hidden cells and old code)
    Call,
    InProcessStudent,
    RemoteStudent,
    Student,
    StudentError,
    StudentRaised,
    reset,
    run_hidden_checks,
    use_remote_student,
)
