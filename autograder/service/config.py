"""Every setting of the submission service, read once from the environment.

| setting | environment variable | default |
|---|---|---|
| address to listen on | ``SEQGEN_SERVE_HOST`` (``--host``) | ``127.0.0.1`` |
| port (0: any free port) | ``SEQGEN_SERVE_PORT`` (``--port``) | 8000 |
| service database (SQLAlchemy URL) | ``SEQGEN_SERVICE_DB_URL`` | ``<state>/service.db`` (SQLite) |
| the built book it serves at ``/`` | ``SEQGEN_BOOK_DIR`` | ``<root>/_build/html`` |
| uploads a student may make per window | ``SEQGEN_RATE_LIMIT`` | 10 |
| the rate-limit window | ``SEQGEN_RATE_WINDOW`` | 600 s |
| grading workers | ``SEQGEN_JOBS`` (``--jobs``) | the CPU cores |
| wait before a retry after a grader fault (doubled each time) | ``SEQGEN_RETRY_DELAY`` | 30 s |
| how long a sign-in lasts | ``SEQGEN_SESSION_HOURS`` | 12 |

The upload cap is the autograder's ``SEQGEN_MAX_SUBMISSION_MB`` and the sandbox limits are
its own (:mod:`autograder.settings`): the service grades exactly as ``autograder grade``.
Everything it stores lives under ``<state>/service/`` beside the gradebook.
"""

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from autograder.settings import (
    CourseError,
    Limits,
    Settings,
    assignment_names,
    default_jobs,
    env_int,
    env_number,
)


@dataclass(frozen=True)
class ServiceConfig:
    settings: Settings
    db_url: str
    book: Path
    host: str = "127.0.0.1"
    port: int = 8000
    jobs: int = 2
    isolate: bool = True
    rate_limit: int = 10
    rate_window: float = 600.0
    session_hours: float = 12.0
    retry_delay: float = 30.0
    limits: Limits = field(default_factory=Limits)

    @property
    def home(self) -> Path:
        return self.settings.state / "service"

    @property
    def uploads(self) -> Path:
        return self.home / "uploads"

    @property
    def max_upload_bytes(self) -> int:
        return int(self.settings.max_submission_mb * 2**20)

    def assignments(self) -> list[str]:
        """Assignments students may submit: a source in solutions/ and a release in exercises/."""
        released = self.settings.release
        return [a for a in assignment_names(self.settings) if (released / a).is_dir()]


def env_port(default: int) -> int:
    value = os.environ.get("SEQGEN_SERVE_PORT")
    if not value:
        return default
    if not value.isdigit() or int(value) > 65535:
        raise CourseError(f"SEQGEN_SERVE_PORT={value!r} is not a port number (0-65535)")
    return int(value)


def load_config(settings: Settings, **overrides) -> ServiceConfig:
    """The service's settings: environment first, then ``overrides`` (command-line flags)."""
    state = settings.state
    values = {
        "db_url": os.environ.get("SEQGEN_SERVICE_DB_URL") or f"sqlite:///{state / 'service.db'}",
        "book": Path(os.environ.get("SEQGEN_BOOK_DIR") or settings.root / "_build" / "html"),
        "host": os.environ.get("SEQGEN_SERVE_HOST") or "127.0.0.1",
        "port": env_port(8000),
        "jobs": default_jobs(),
        "rate_limit": env_int("SEQGEN_RATE_LIMIT", 10),
        "rate_window": env_number("SEQGEN_RATE_WINDOW", 600),
        "session_hours": env_number("SEQGEN_SESSION_HOURS", 12),
        "retry_delay": env_number("SEQGEN_RETRY_DELAY", 30),
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    config = ServiceConfig(settings=settings, **values)
    config.uploads.mkdir(parents=True, exist_ok=True)
    return config


SECRET_CHARS = 64  # hex digits: 32 random bytes


def session_secret(config: ServiceConfig) -> str:
    """The key that signs session cookies: made once, kept readable by its owner only, so a
    restart keeps everyone signed in. Refused when short or readable by others: anyone who
    knows it can sign in as anyone."""
    path = config.home / "session-secret"
    if not path.exists():
        write_secret(path)
    if path.stat().st_mode & 0o077:
        raise CourseError(
            f"{path} is readable by others, so anyone on this machine could forge a sign-in: "
            f"chmod 600 {path}, or delete it to make a new one (everyone signs in again)"
        )
    secret = path.read_text().strip()
    if len(secret) < SECRET_CHARS:
        raise CourseError(
            f"{path} holds a key of {len(secret)} characters, too short to sign sign-ins "
            f"safely (at least {SECRET_CHARS}): delete it and start again, a new one is made "
            "(everyone signs in again)"
        )
    return secret


def write_secret(path: Path) -> None:
    """A new secret, written whole or not at all: a start that dies half-way (a crash, a full
    disk) leaves no empty key behind. Of two starts at once, the first to link wins."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(SECRET_CHARS // 2))
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)  # atomic, and never replaces a secret already in use
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
