"""Run a submission isolated: its own user, network, PID and mount namespaces, and limits.

:class:`Sandbox` starts ``sandbox_runner.py`` through ``unshare`` and
``sandbox_setup.sh`` (see there for the file system it sees) and talks to it over two
pipes. The runner first reports ready (bounded by its own start-up limit), and only then do
the clocks of the notebook and its cells start. Every exchange is bounded in both
directions, and a watchdog kills the whole PID namespace when the notebook's wall-clock
limit is reached, whatever it is doing; the caller gets :class:`SandboxDied`.

Limits are :class:`autograder.settings.Limits` (documented in :mod:`autograder.settings`);
captured output is capped at 20,000 characters per cell.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from autograder.channel import Channel, ChannelError
from autograder.codec import decode, encode
from autograder.settings import Limits, course_packages
from autograder.text import safe_text
from autograder.uids import lease_uid

__all__ = ["IsolationUnavailable", "Limits", "Sandbox", "SandboxDied", "isolation_problem"]

HERE = Path(__file__).resolve().parent


class SandboxDied(Exception):
    """The submission's process ended, hung past its limit, or broke the protocol."""


class IsolationUnavailable(Exception):
    """Namespaces or root are missing, so untrusted code cannot be isolated here."""


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
    """Read-only paths the runner needs: Python, its environment, the course's packages
    (found without importing them: the grader never runs course code to start a sandbox)."""
    paths = {sys.base_prefix, sys.prefix}
    for name in course_packages():
        spec = importlib.util.find_spec(name)
        for location in (spec.submodule_search_locations or []) if spec else []:
            paths.add(str(Path(location).resolve()))
    return sorted(paths)


class Sandbox:
    """One sandboxed runner; use as a context manager."""

    def __init__(self, submission: Path, limits: Limits | None = None, isolate: bool = True):
        self.limits = limits or Limits()
        self.isolate = isolate
        self.submission = Path(submission)
        self.deadline = 0.0
        self.process: subprocess.Popen | None = None
        self.watchdog: threading.Timer | None = None

    def __enter__(self) -> "Sandbox":
        # A uid no other sandbox on this machine holds while this one runs (autograder.uids);
        # without isolation the runner is the grader's own user and needs none.
        self.lease = lease_uid() if self.isolate else None
        self.uid = self.lease.uid if self.lease else os.geteuid()
        self.tmp = Path(tempfile.mkdtemp(prefix="seqgen-sandbox-"))
        self.workdir = self.tmp / "work"
        self.workdir.mkdir()
        shutil.copy(self.submission, self.workdir / "submission.ipynb")
        runner_reads, grader_writes = os.pipe()
        grader_reads, runner_writes = os.pipe()
        self.log = open(self.tmp / "process-output.txt", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            self.command(runner_reads, runner_writes),
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
        try:
            self.wait_until_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        self.start_clock()
        return self

    def wait_until_ready(self) -> None:
        """The runner's start-up (namespaces, Python, IPython, torch) has its own limit, so
        a busy machine's slow imports never count against the first cell."""
        try:
            reply, _ = self.channel.receive(timeout=self.limits.startup_seconds)
        except ChannelError as err:
            reason = self.death_reason(err, "start")
            self.kill()
            raise SandboxDied(f"the notebook's process did not start ({reason})") from None
        if reply.get("op") != "ready":
            self.kill()
            raise SandboxDied("the notebook's process did not start (no ready message)")
        self.syscall_filter = bool(reply.get("syscall_filter"))

    def start_clock(self) -> None:
        """Start (or restart, for the next validation case) the notebook's wall-clock limit."""
        if self.watchdog:
            self.watchdog.cancel()
        self.deadline = time.monotonic() + self.limits.notebook_seconds
        self.watchdog = threading.Timer(
            self.limits.notebook_seconds + self.limits.grace_seconds, self.kill
        )
        self.watchdog.daemon = True
        self.watchdog.start()

    def command(self, read_fd: int, write_fd: int) -> list[str]:
        runner = [sys.executable, "-E", "-s", str(HERE / "sandbox_runner.py"), str(read_fd)]
        if not self.isolate:
            return [*runner, str(write_fd)]
        newroot = self.tmp / "root"
        newroot.mkdir()
        return [
            "unshare", "--mount", "--net", "--pid", "--ipc", "--uts", "--fork", "--kill-child",
            "bash", str(HERE / "sandbox_setup.sh"), str(newroot), str(self.workdir), str(HERE),
            str(self.uid), sys.executable, str(read_fd), str(write_fd), str(self.limits.disk_mb),
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
        """Send one request and wait for its reply, both bounded by ``seconds`` (plus grace)
        and by what is left of the notebook's time."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.kill()
            raise SandboxDied("the notebook ran out of its total time")
        seconds = min(seconds, left)
        try:
            self.channel.send(dict(request, timeout=seconds), blobs, timeout=seconds)
            reply, out_blobs = self.channel.receive(timeout=seconds + self.limits.grace_seconds)
        except (ChannelError, OSError) as err:
            reason = self.death_reason(err)
            self.kill()
            raise SandboxDied(reason) from None
        if not isinstance(reply, dict):
            self.kill()
            raise SandboxDied("the notebook's process sent a malformed reply")
        return reply, out_blobs

    def death_reason(self, err: Exception, doing: str = "run") -> str:
        time.sleep(0.05)  # let a process that just died be reaped
        code = self.process.poll() if self.process else None
        if time.monotonic() >= self.deadline > 0:
            return "it ran out of its total time and was stopped"
        if "timed out" in str(err):
            if doing == "start":
                return "it did not report ready within its start-up time limit"
            return "it kept running past its time limit and was stopped"
        if code is not None and code != 0:
            return f"the notebook's process ended (exit status {code})"
        return "the notebook's process stopped answering"

    def run_cell(self, source: str) -> dict:
        """Run one cell; the reply's fields are checked and made safe text."""
        reply, _ = self.exchange({"op": "run", "source": source}, [], self.limits.cell_seconds)
        status = "ok" if reply.get("status") == "ok" else "error"
        clean = {"status": status, "output": safe_text(reply.get("output", ""), 20_000)}
        if status == "error":
            clean["ename"] = safe_text(reply.get("ename", "an error"), 80)
            clean["evalue"] = safe_text(reply.get("evalue", ""), 300)
        return clean

    def call(self, op: str, name: str, args, extra: dict | None = None):
        """Call the submission's ``name``; returns (ok, decoded value or exception name)."""
        tree, blobs = encode(args)
        request = {"op": op, "name": name, "args": tree, **(extra or {})}
        reply, out_blobs = self.exchange(request, blobs, self.limits.cell_seconds)
        if not reply.get("ok"):
            return False, safe_text(reply.get("ename", "an error"), 80)
        return True, decode(reply.get("value"), out_blobs)

    def new_case(self) -> None:
        """A fresh namespace in the same process and a fresh notebook clock (validation runs
        many cases of trusted instructor code in one runner)."""
        self.start_clock()
        reply, _ = self.exchange({"op": "reset"}, [], self.limits.cell_seconds)
        if reply.get("status") != "ok":
            raise SandboxDied("the runner could not start a fresh namespace")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, 9)
            except ProcessLookupError:
                pass
            self.process.wait()

    def __exit__(self, *exc) -> None:
        if self.watchdog:
            self.watchdog.cancel()
        if self.process and self.process.poll() is None:
            try:
                self.channel.send({"op": "bye"}, timeout=self.limits.grace_seconds)
                self.process.wait(timeout=self.limits.grace_seconds)
            except (OSError, ChannelError, subprocess.TimeoutExpired):
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
        if self.lease:
            self.lease.release()  # only now: the uid's processes are gone with the namespace
