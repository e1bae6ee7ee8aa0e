"""Hidden inputs drawn per submission: ``student.seed``.

``grade`` derives the seed from the submission's bytes and a course secret kept outside the
repository (:func:`course_secret`), so the hidden inputs differ between submissions, a
value leaked from one grading is useless on the next file, and grading the same file
again gives the same inputs (a regrade is reproducible). ``validate`` and plain nbgrader
use :data:`autograder.student.FIXED_SEED`.
"""

import hashlib
import hmac
import os
import secrets
from pathlib import Path


def submission_seed(secret: bytes, submission: bytes) -> int:
    """A 31-bit seed from HMAC-SHA256(secret, SHA-256 of the submission)."""
    digest = hashlib.sha256(submission).digest()
    return int.from_bytes(hmac.new(secret, digest, hashlib.sha256).digest()[:4], "big") >> 1


def course_secret(path: Path) -> tuple[bytes, str]:
    """The secret in ``path``, created (mode 600) on first use; returns (secret, notice)."""
    if path.exists():
        secret = path.read_bytes().strip()
        if len(secret) < 16:
            raise ValueError(f"the course secret in {path} is shorter than 16 bytes")
        return secret, ""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    notice = f"created a new course secret in {path} (keep it out of the repository)"
    return path.read_bytes().strip(), notice
