"""Where the autograder finds the course and keeps its state; one place, documented defaults.

| setting | environment variable | default |
|---|---|---|
| course root (holds ``nbgrader_config.py``) | ``SEQGEN_COURSE_ROOT`` | the current folder |
| grading state (submissions, feedback, gradebook) | ``SEQGEN_GRADING_DIR`` | ``<root>/.grading`` |
| gradebook (any SQLAlchemy URL) | ``SEQGEN_GRADEBOOK_URL`` | ``sqlite:///<state>/gradebook.db`` |

Sandbox limits for grading are documented in :mod:`autograder.sandbox`.
"""

import os
import sys
from dataclasses import dataclass
from pathlib import Path


class CourseError(Exception):
    """A problem the user can fix, reported as one clear line instead of a traceback."""


@dataclass(frozen=True)
class Settings:
    root: Path
    state: Path
    db_url: str

    @property
    def source(self) -> Path:
        return self.root / "solutions"

    @property
    def release(self) -> Path:
        return self.root / "exercises"

    def environ(self) -> dict[str, str]:
        """Environment for nbgrader subprocesses, so ``nbgrader_config.py`` agrees with us."""
        env = dict(os.environ)
        # nbgrader shells out to alembic, which lives beside this interpreter.
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        env["SEQGEN_GRADING_DIR"] = str(self.state)
        env["SEQGEN_GRADEBOOK_URL"] = self.db_url
        env.setdefault("MPLBACKEND", "Agg")
        return env


def load_settings(root: Path | None = None) -> Settings:
    """Settings from the environment; the root must hold ``nbgrader_config.py``."""
    root = Path(root or os.environ.get("SEQGEN_COURSE_ROOT") or Path.cwd()).resolve()
    if not (root / "nbgrader_config.py").exists():
        raise CourseError(
            f"{root} is not the course root (no nbgrader_config.py there): run from the "
            "repository root or set SEQGEN_COURSE_ROOT"
        )
    state = Path(os.environ.get("SEQGEN_GRADING_DIR") or root / ".grading")
    state = (root / state).resolve()
    db_url = os.environ.get("SEQGEN_GRADEBOOK_URL") or f"sqlite:///{state / 'gradebook.db'}"
    state.mkdir(parents=True, exist_ok=True)
    return Settings(root=root, state=state, db_url=db_url)


def assignment_names(settings: Settings) -> list[str]:
    """Names of the assignments with a source notebook under ``solutions/``."""
    return sorted(p.parent.name for p in settings.source.glob("*/*.ipynb"))


def source_notebook(settings: Settings, assignment: str) -> Path:
    """The one source notebook of ``assignment``, or a clear error naming the choices."""
    path = settings.source / assignment / f"{assignment}.ipynb"
    if not path.exists():
        known = ", ".join(assignment_names(settings)) or "none"
        raise CourseError(f"no assignment {assignment!r} (known: {known})")
    return path
