"""nbgrader configuration: maps nbgrader's steps onto this repository.

- source (instructor notebooks with solutions and hidden tests): ``solutions/``
- release (student notebooks, committed):                       ``exercises/``
- submitted, autograded, feedback and ``gradebook.db``: one git-ignored state folder,
  ``.grading/`` unless the ``SEQGEN_GRADING_DIR`` environment variable names another.

Plain ``nbgrader`` commands run from the repository root use the same folders as the
``autograder`` CLI (which reads its settings from :mod:`autograder.settings`).
"""

import os
import sys

c = get_config()  # noqa: F821 (injected by traitlets when nbgrader loads this file)

here = os.path.dirname(os.path.abspath(__file__))
state = os.path.abspath(os.path.join(here, os.environ.get("SEQGEN_GRADING_DIR", ".grading")))
os.makedirs(state, exist_ok=True)  # SQLite cannot create the gradebook in a missing folder
# nbgrader runs `alembic` through PATH to create the gradebook; it lives beside the Python
# running nbgrader, so `.venv/bin/nbgrader ...` works without an activated environment.
bin_dir = os.path.dirname(sys.executable)
if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join([bin_dir, os.environ.get("PATH", "")])

c.CourseDirectory.root = here
c.CourseDirectory.course_id = "seqgen"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = os.path.join(state, "submitted")
c.CourseDirectory.autograded_directory = os.path.join(state, "autograded")
c.CourseDirectory.feedback_directory = os.path.join(state, "feedback")
c.CourseDirectory.solution_directory = os.path.join(state, "solution")
c.CourseDirectory.source_with_tests_directory = os.path.join(state, "source_with_tests")
c.CourseDirectory.db_url = os.environ.get(
    "SEQGEN_GRADEBOOK_URL", "sqlite:///" + os.path.join(state, "gradebook.db")
)
# Known-wrong implementations and the grader's rules (grading.toml) sit beside each source
# notebook and must never be released.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "known_wrong", "grading.toml",
]  # fmt: skip
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ExecutePreprocessor.timeout = 120
