"""A throwaway PostgreSQL server for the gradebook tests: Debian's package, started on
loopback by an unprivileged user in a temporary folder, stopped and removed afterwards.

When the server's programs are missing and the tests run as root (CI, the course machines),
they are installed with ``apt-get install postgresql``; otherwise :func:`problem` says why
the tests must be skipped.
"""

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

DEBIAN_PACKAGE = "postgresql"


def find_bin() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl`` (Debian keeps them off PATH)."""
    found = shutil.which("pg_ctl")
    if found and Path(found).with_name("initdb").exists():
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    return versions[-1].parent if versions else None


def install() -> str | None:
    """Install Debian's PostgreSQL when missing; None when the programs are there."""
    if find_bin():
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return f"PostgreSQL is not installed (as root: apt-get install {DEBIAN_PACKAGE})"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", DEBIAN_PACKAGE],
    ):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode != 0:
            return f"installing PostgreSQL failed: {done.stderr.strip()[-300:]}"
    return None if find_bin() else "PostgreSQL was installed but initdb/pg_ctl are not found"


def server_user() -> pwd.struct_passwd:
    """PostgreSQL refuses to run as root: Debian's ``postgres`` user, else ``nobody``."""
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("no unprivileged user (postgres or nobody) to run PostgreSQL as")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``with Server() as url:`` a fresh database on 127.0.0.1, as a SQLAlchemy URL."""

    def __init__(self):
        self.bin = find_bin()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="seqgen-postgres-"))
        self.user = server_user() if os.geteuid() == 0 else None

    def run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self.user:  # drop root for the server's own programs
            command = [
                "setpriv", f"--reuid={self.user.pw_uid}", f"--regid={self.user.pw_gid}",
                "--clear-groups", "--", *command,
            ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd="/")
        if done.returncode != 0:
            log = (
                (self.folder / "server.log").read_text(errors="replace")[-800:]
                if (self.folder / "server.log").exists()
                else ""
            )
            raise RuntimeError(f"{program} failed: {done.stderr.strip()[-600:]}\n{log}")

    def __enter__(self) -> str:
        if self.user:
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        data, sockets = self.folder / "data", self.folder
        self.run("initdb", "-D", str(data), "-U", "seqgen", "--auth=trust", "-E", "UTF8",
                 "--no-sync")  # fmt: skip
        # Loopback only, a Unix socket in our own folder, no fsync (a throwaway server).
        options = f"-h 127.0.0.1 -p {self.port} -k {sockets} -F"
        self.run("pg_ctl", "-D", str(data), "-o", options, "-l", str(self.folder / "server.log"),
                 "-w", "-t", "90", "start")  # fmt: skip
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "seqgen", "gradebook")
        return f"postgresql://seqgen@127.0.0.1:{self.port}/gradebook"

    def __exit__(self, *exc) -> None:
        try:
            self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
