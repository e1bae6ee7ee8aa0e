"""The course's autograder: release, validate, grade, feedback and export.

It drives nbgrader on the repository's folders (``solutions/`` -> ``exercises/``) and keeps
all grading state in one git-ignored folder (see :mod:`autograder.settings`).
"""

__version__ = "0.1.0"
