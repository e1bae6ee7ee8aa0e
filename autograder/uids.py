"""User ids for sandboxes running at once: never the same one twice at the same time.

A sandbox runs its submission as a random unprivileged uid. With many jobs at once (threads
of one batch, several batches, several grading workers on one machine) two sandboxes must
never share a uid, or one submission could signal or read the other's processes and files.
A uid is *leased* by holding an exclusive ``flock`` on a file named after it in one
machine-wide folder: the kernel releases the lock when the holder closes it or dies, so a
crashed grader never leaks a uid, and the check spans every process on the machine. The
folder must belong to the grader's user and be private to it: a folder someone else made
could hold every lock. Failing to lease is the grader's problem (an ``OSError``), never a
submission's.
"""

import fcntl
import os
import random
import tempfile
from pathlib import Path

UID_BASE, UID_SPAN = 61000, 4000
LOCK_DIR = Path(os.environ.get("SEQGEN_UID_LOCK_DIR") or tempfile.gettempdir()) / (
    "seqgen-sandbox-uids"
)


class NoFreeUid(OSError):
    """Every uid of the range is in use (more sandboxes at once than the range holds)."""


class UidLease:
    """An exclusive claim on one sandbox uid until :meth:`release` (or process exit)."""

    def __init__(self, uid: int, fd: int):
        self.uid, self._fd = uid, fd

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = -1

    def __del__(self) -> None:  # a sandbox that failed to start still gives its uid back
        self.release()

    def __enter__(self) -> "UidLease":
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def lock_folder() -> Path:
    """The lock folder, made private if new; refused unless it is ours and private."""
    LOCK_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = LOCK_DIR.stat()
    if info.st_uid != os.geteuid():
        raise PermissionError(
            f"the sandbox uid lock folder {LOCK_DIR} is owned by uid {info.st_uid}, not by "
            "the grader's user: remove it, or set SEQGEN_UID_LOCK_DIR to a folder of ours"
        )
    if info.st_mode & 0o077:
        raise PermissionError(
            f"the sandbox uid lock folder {LOCK_DIR} has mode {info.st_mode & 0o777:o}: "
            "others can reach it; make it 700 or remove it"
        )
    return LOCK_DIR


def try_lease(uid: int, folder: Path | None = None) -> UidLease | None:
    """Lease ``uid`` if no one holds it, else None (never waits)."""
    fd = os.open((folder or lock_folder()) / str(uid), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return UidLease(uid, fd)


def lease_uid(rng: random.Random | None = None) -> UidLease:
    """A uid drawn at random from the range, skipping those leased right now."""
    rng, folder = rng or random.SystemRandom(), lock_folder()
    start = rng.randrange(UID_SPAN)
    for step in range(UID_SPAN):  # a random start, then every uid once: ends when all are busy
        lease = try_lease(UID_BASE + (start + step) % UID_SPAN, folder)
        if lease:
            return lease
    raise NoFreeUid(f"all {UID_SPAN} sandbox uids are in use")
