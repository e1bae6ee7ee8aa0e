"""Running nbgrader's own commands on the course folders.

nbgrader is driven as a subprocess from the course root, so it reads the same
``nbgrader_config.py`` an instructor's plain ``nbgrader`` commands read, and a crash in it
cannot take the autograder down with it.
"""

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from autograder.gradebook import has_assignment
from autograder.settings import CourseError, Settings


def nbgrader(settings: Settings, *args: str, timeout: int | None = None) -> str:
    """Run ``nbgrader ARGS`` in the course root; return its log or raise :class:`CourseError`."""
    exe = shutil.which("nbgrader") or str(Path(sys.executable).with_name("nbgrader"))
    command = [exe, *args, f"--db={settings.db_url}"]
    try:
        done = subprocess.run(
            command,
            cwd=settings.root,
            env=settings.environ(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise CourseError(f"nbgrader {args[0]} did not finish within {timeout} s") from None
    log = done.stdout + done.stderr
    if done.returncode != 0:
        errors = [line for line in log.splitlines() if "[ERROR]" in line or "Error" in line]
        detail = "\n".join(errors[-5:]) or log[-2000:]
        raise CourseError(f"nbgrader {args[0]} failed:\n{detail}")
    return log


def generate_assignment(settings: Settings, assignment: str, release_dir: Path) -> None:
    """Write the student version of ``assignment`` into ``release_dir/assignment``.

    This also records the assignment's graded cells (hidden tests included) in the
    gradebook, which grading needs.
    """
    nbgrader(
        settings,
        "generate_assignment",
        assignment,
        "--force",
        f"--CourseDirectory.release_directory={release_dir}",
    )


def source_digest(settings: Settings, assignment: str) -> str:
    """SHA-256 over the source folder's files (known-wrong variants included)."""
    digest = hashlib.sha256()
    folder = settings.source / assignment
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts or ".ipynb_checkpoints" in path.parts:
            continue
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def ensure_in_gradebook(settings: Settings, assignment: str) -> None:
    """Make the gradebook hold the current source's graded cells (skipped when unchanged)."""
    release_dir = settings.state / "release"
    marker = release_dir / assignment / ".source-sha256"
    digest = source_digest(settings, assignment)
    stamp = f"{digest} {settings.db_url}"
    if marker.exists() and marker.read_text() == stamp and has_assignment(settings, assignment):
        return
    generate_assignment(settings, assignment, release_dir)
    marker.write_text(stamp)
