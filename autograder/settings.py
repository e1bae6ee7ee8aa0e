"""Every setting the autograder reads, in one place, with its documented default.

| setting | environment variable | default |
|---|---|---|
| course root (holds ``nbgrader_config.py``) | ``SEQGEN_COURSE_ROOT`` | the current folder |
| grading state (submissions, feedback, gradebook) | ``SEQGEN_GRADING_DIR`` | ``<root>/.grading`` |
| gradebook (any SQLAlchemy URL) | ``SEQGEN_GRADEBOOK_URL`` | ``sqlite:///<state>/gradebook.db`` |
| course secret | ``SEQGEN_SECRET_FILE`` | ``~/.config/seqgen/course-secret`` |
| largest submission accepted | ``SEQGEN_MAX_SUBMISSION_MB`` | 8 MiB |
| time per cell or call | ``SEQGEN_CELL_TIMEOUT`` | 120 s |
| time per notebook | ``SEQGEN_NOTEBOOK_TIMEOUT`` | 600 s |
| time for the runner to start | ``SEQGEN_STARTUP_TIMEOUT`` | 120 s |
| CPU time | ``SEQGEN_CPU_SECONDS`` | 900 s |
| address space | ``SEQGEN_MEMORY_MB`` | 3072 MiB |
| processes | ``SEQGEN_MAX_PROCESSES`` | 64 |
| size of one file written | ``SEQGEN_MAX_FILE_MB`` | 16 MiB |
| all files written (tmpfs for the work folder and /tmp) | ``SEQGEN_DISK_MB`` | 256 MiB |
| course packages a submission may import | ``SEQGEN_SANDBOX_PACKAGES`` | ``seqgen`` |
| submissions graded at once (each in its own sandbox) | ``SEQGEN_JOBS`` | the CPU cores |

``nbgrader_config.py`` reads ``SEQGEN_GRADING_DIR`` and ``SEQGEN_GRADEBOOK_URL`` itself
(nbgrader loads it on its own); :meth:`Settings.environ` passes ours to it.
"""

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path


class CourseError(Exception):
    """A problem the user can fix, reported as one clear line instead of a traceback."""


def env_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise CourseError(f"{name}={value!r} is not a number") from None
    if number <= 0:
        raise CourseError(f"{name}={value!r} must be positive")
    return number


def env_int(name: str, default: int) -> int:
    return int(env_number(name, default))


@dataclass(frozen=True)
class Limits:
    """What one sandboxed notebook may use (see the table above)."""

    cell_seconds: float = field(default_factory=lambda: env_number("SEQGEN_CELL_TIMEOUT", 120))
    notebook_seconds: float = field(
        default_factory=lambda: env_number("SEQGEN_NOTEBOOK_TIMEOUT", 600)
    )
    startup_seconds: float = field(
        default_factory=lambda: env_number("SEQGEN_STARTUP_TIMEOUT", 120)
    )
    cpu_seconds: int = field(default_factory=lambda: env_int("SEQGEN_CPU_SECONDS", 900))
    memory_mb: int = field(default_factory=lambda: env_int("SEQGEN_MEMORY_MB", 3072))
    max_processes: int = field(default_factory=lambda: env_int("SEQGEN_MAX_PROCESSES", 64))
    max_file_mb: int = field(default_factory=lambda: env_int("SEQGEN_MAX_FILE_MB", 16))
    disk_mb: int = field(default_factory=lambda: env_int("SEQGEN_DISK_MB", 256))
    max_open_files: int = 256
    grace_seconds: float = 5.0

    def prlimit_args(self) -> list[str]:
        return [
            f"--cpu={self.cpu_seconds}",
            f"--as={self.memory_mb * 2**20}",
            f"--nproc={self.max_processes}",
            f"--fsize={self.max_file_mb * 2**20}",
            f"--nofile={self.max_open_files}",
            "--core=0",
        ]


def default_jobs() -> int:
    """How many submissions a batch grades at once: ``SEQGEN_JOBS``, else the usable cores."""
    return env_int("SEQGEN_JOBS", len(os.sched_getaffinity(0)) or 1)


def course_packages() -> list[str]:
    """Packages of the course (beyond the Python environment) the sandbox exposes."""
    value = os.environ.get("SEQGEN_SANDBOX_PACKAGES", "seqgen")
    return [name.strip() for name in value.split(",") if name.strip()]


@dataclass(frozen=True)
class Settings:
    root: Path
    state: Path
    db_url: str
    secret_file: Path = Path("~/.config/seqgen/course-secret")
    max_submission_mb: float = 8.0

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
    secret = os.environ.get("SEQGEN_SECRET_FILE") or "~/.config/seqgen/course-secret"
    state.mkdir(parents=True, exist_ok=True)
    return Settings(
        root=root,
        state=state,
        db_url=db_url,
        secret_file=Path(secret).expanduser().resolve(),
        max_submission_mb=env_number("SEQGEN_MAX_SUBMISSION_MB", 8),
    )


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
