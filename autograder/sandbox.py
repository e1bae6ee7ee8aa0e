"""Run a submission isolated: its own user, network, PID and mount namespaces, and limits.

:class:`Sandbox` starts ``sandbox_runner.py`` through ``unshare`` and
``sandbox_setup.sh`` (see there for the file system it sees) and talks to it over two
pipes. Every wait is bounded; a runner that dies, hangs, ignores its time limit or floods
is killed with its whole PID namespace, and the caller gets :class:`SandboxDied`.

Limits (``Limits``; environment variables in brackets, defaults after the colon):
cell time [SEQGEN_CELL_TIMEOUT]: 120 s; notebook time [SEQGEN_NOTEBOOK_TIMEOUT]: 600 s;
CPU time [SEQGEN_CPU_SECONDS]: 900 s; address space [SEQGEN_MEMORY_MB]: 3072 MiB;
processes [SEQGEN_MAX_PROCESSES]: 64; file size [SEQGEN_MAX_FILE_MB]: 16 MiB;
open files: 256; captured output: 20,000 characters per cell.
"""

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.channel import Channel, ChannelError
from autograder.codec import decode, encode

HERE = Path(__file__).resolve().parent
UID_BASE, UID_SPAN = 61000, 4000


class SandboxDied(Exception):
    """The submission's process ended, hung past its limit, or broke the protocol."""


class IsolationUnavailable(Exception):
    """Namespaces or root are missing, so untrusted code cannot be isolated here."""


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Limits:
    cell_seconds: float = field(default_factory=lambda: env_int("SEQGEN_CELL_TIMEOUT", 120))
    notebook_seconds: float = field(default_factory=lambda: env_int("SEQGEN_NOTEBOOK_TIMEOUT", 600))
    cpu_seconds: int = field(default_factory=lambda: env_int("SEQGEN_CPU_SECONDS", 900))
    memory_mb: int = field(default_factory=lambda: env_int("SEQGEN_MEMORY_MB", 3072))
    max_processes: int = field(default_factory=lambda: env_int("SEQGEN_MAX_PROCESSES", 64))
    max_file_mb: int = field(default_factory=lambda: env_int("SEQGEN_MAX_FILE_MB", 16))
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


def isolation_problem() -> str | None:
    """Why isolation cannot be used here, or None when it can."""
    if os.geteuid() != 0:
        return "the grader is not running as root (it needs to switch users and create namespaces)"
    for tool in ("unshare", "setpriv", "prlimit", "chroot", "mount"):
        if shutil.which(tool) is None:
            return f"the '{tool}' command (util-linux) is missing"
    probe = subprocess.run(
        ["unshare", "--mount", "--net", "--pid", "--ipc", "--uts", "--fork", "true"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return f"Linux namespaces are not available ({probe.stderr.strip()[:200]})"
    return None


def exposed_paths() -> list[str]:
    """Read-only paths the runner needs: Python, the environment, the seqgen package."""
    import seqgen

    paths = {sys.base_prefix, sys.prefix, str(Path(seqgen.__file__).resolve().parent)}
    return sorted(paths)


class Sandbox:
    """One sandboxed runner; use as a context manager."""

    def __init__(self, submission: Path, limits: Limits | None = None, isolate: bool = True):
        self.limits = limits or Limits()
        self.isolate = isolate
        self.submission = Path(submission)
        self.deadline = 0.0
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Sandbox":
        self.tmp = Path(tempfile.mkdtemp(prefix="seqgen-sandbox-"))
        self.workdir = self.tmp / "work"
        self.workdir.mkdir()
        shutil.copy(self.submission, self.workdir / "submission.ipynb")
        self.uid = UID_BASE + random.randrange(UID_SPAN)
        runner_reads, grader_writes = os.pipe()
        grader_reads, runner_writes = os.pipe()
        command = self.command(runner_reads, runner_writes)
        if self.isolate:
            os.chown(self.workdir, self.uid, self.uid)
            os.chown(self.workdir / "submission.ipynb", self.uid, self.uid)
            os.chmod(self.workdir, 0o700)
        self.log = open(self.tmp / "process-output.txt", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            command,
            pass_fds=(runner_reads, runner_writes),
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=self.workdir,
            preexec_fn=None if self.isolate else self.limit_self,
        )
        os.close(runner_reads)
        os.close(runner_writes)
        self.channel = Channel(grader_reads, grader_writes)
        self.deadline = time.monotonic() + self.limits.notebook_seconds
        return self

    def command(self, read_fd: int, write_fd: int) -> list[str]:
        runner = [sys.executable, "-E", "-s", str(HERE / "sandbox_runner.py"), str(read_fd)]
        if not self.isolate:
            return [*runner, str(write_fd)]
        newroot = self.tmp / "root"
        newroot.mkdir()
        return [
            "unshare", "--mount", "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child",
            "bash", str(HERE / "sandbox_setup.sh"), str(newroot), str(self.workdir), str(HERE),
            str(self.uid), sys.executable, str(read_fd), str(write_fd),
            *self.limits.prlimit_args(), "--", *exposed_paths(),
        ]  # fmt: skip

    def limit_self(self) -> None:
        """Resource limits for an unisolated runner (--unsafe): still bounded."""
        import resource

        for name, value in (
            ("RLIMIT_CPU", self.limits.cpu_seconds),
            ("RLIMIT_AS", self.limits.memory_mb * 2**20),
            ("RLIMIT_FSIZE", self.limits.max_file_mb * 2**20),
            ("RLIMIT_NOFILE", self.limits.max_open_files),
        ):
            resource.setrlimit(getattr(resource, name), (value, value))

    def exchange(self, request: dict, blobs: list[bytes], seconds: float) -> tuple[dict, list]:
        """Send one request; wait for its reply at most ``seconds`` (plus grace)."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.kill()
            raise SandboxDied("the notebook ran out of its total time")
        seconds = min(seconds, left)
        try:
            self.channel.send(dict(request, timeout=seconds), blobs)
            return self.channel.receive(timeout=seconds + self.limits.grace_seconds)
        except (ChannelError, OSError) as err:
            reason = self.death_reason(err)
            self.kill()
            raise SandboxDied(reason) from None

    def death_reason(self, err: Exception) -> str:
        time.sleep(0.05)  # let a process that just died be reaped
        code = self.process.poll() if self.process else None
        if "timed out" in str(err):
            return "it kept running past its time limit and was stopped"
        if code is not None and code != 0:
            return f"the notebook's process ended (exit status {code})"
        return f"the notebook's process stopped answering ({err})"

    def run_cell(self, source: str) -> dict:
        reply, _ = self.exchange({"op": "run", "source": source}, [], self.limits.cell_seconds)
        return reply

    def call(self, op: str, name: str, args, extra: dict | None = None):
        """Call the submission's ``name``; returns (ok, decoded value or exception name)."""
        tree, blobs = encode(args)
        request = {"op": op, "name": name, "args": tree, **(extra or {})}
        reply, out_blobs = self.exchange(request, blobs, self.limits.cell_seconds)
        if not reply.get("ok"):
            return False, str(reply.get("ename", "an error"))[:80]
        return True, decode(reply.get("value"), out_blobs)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, 9)
            except ProcessLookupError:
                pass
            self.process.wait()

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            try:
                self.channel.send({"op": "bye"})
                self.process.wait(timeout=self.limits.grace_seconds)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()
        for fd in (self.channel.read_fd, self.channel.write_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        self.log.close()
        if not os.environ.get("SEQGEN_KEEP_SANDBOX"):
            shutil.rmtree(self.tmp, ignore_errors=True)
