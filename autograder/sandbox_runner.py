"""The process that runs a submission, inside the sandbox.

It executes the notebook's cells one at a time when the grader asks, and calls the
submission's functions on inputs the grader sends, returning values only. Nothing it
reports decides a verdict: the grader compares returned values with references in its
own process. Run as ``python runner.py READ_FD WRITE_FD``; standard library, numpy,
torch and IPython only.
"""

import contextlib
import io
import os
import signal
import sys

try:  # inside the sandbox these files sit side by side; in the repository, in a package
    from autograder.channel import Channel
    from autograder.codec import decode, encode
    from autograder.student import backward
    from autograder.syscall_filter import install
except ImportError:
    from channel import Channel
    from codec import decode, encode
    from student import backward
    from syscall_filter import install

MAX_OUTPUT = 20_000


class CellTimeout(Exception):
    """Raised inside the submission when a cell or call runs past its time."""


class BoundedText(io.StringIO):
    """Captured output that keeps only the first MAX_OUTPUT characters."""

    def write(self, text):
        room = MAX_OUTPUT - self.tell()
        if room > 0:
            super().write(text[:room])
        return len(text)


def on_alarm(signum, frame):
    raise CellTimeout("time limit reached")


@contextlib.contextmanager
def time_limit(seconds: float):
    signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, max(0.01, float(seconds)))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def make_shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "NoColor"
    return InteractiveShell.instance(config=config)


def describe(err: BaseException) -> dict:
    lines = str(err).strip().splitlines()
    return {"ename": type(err).__name__, "evalue": lines[0][:300] if lines else ""}


def run_cell(shell, request: dict) -> dict:
    output = BoundedText()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        try:
            with time_limit(request["timeout"]):
                result = shell.run_cell(request["source"], store_history=False)
            error = result.error_before_exec or result.error_in_exec
        except CellTimeout as err:
            error = err
    reply = {"status": "ok" if error is None else "error", "output": output.getvalue()}
    if error is not None:
        reply.update(describe(error))
    return reply


def as_cell_call(shell, fn, args, kwargs):
    """Call ``fn`` from module-level code compiled like a notebook cell, so the caller's
    frame looks like a cell's (a cheap disguise; per-submission inputs are the defence)."""
    source = "_result = _fn(*_args, **_kwargs)\n"
    filename = shell.compile.cache(source, shell.execution_count)
    scope = {"_fn": fn, "_args": args, "_kwargs": kwargs}
    exec(compile(source, filename, "exec"), shell.user_ns, scope)
    return scope["_result"]


def call(shell, request: dict, blobs: list[bytes]) -> tuple[dict, list[bytes]]:
    fn = shell.user_ns.get(request["name"])
    if not callable(fn):
        return {"ok": False, "ename": "NameError"}, []
    args, kwargs = decode(request["args"], blobs)
    try:
        with time_limit(request["timeout"]), contextlib.redirect_stdout(BoundedText()):
            if request["op"] == "vjp":
                args = list(args)
                for i in request["wrt"]:
                    args[i] = args[i].detach().requires_grad_(True)
                value = as_cell_call(shell, fn, args, {})
                grads = backward(value, [args[i] for i in request["wrt"]], kwargs["cotangents"])
                result = (value, grads)
            else:
                result = (as_cell_call(shell, fn, args, kwargs), args, kwargs)
        tree, out_blobs = encode(result)
    except BaseException as err:  # the submission's failure, reported by type only
        return {"ok": False, "ename": type(err).__name__}, []
    return {"ok": True, "value": tree}, out_blobs


def preload() -> None:
    """Import what nearly every submission imports before reporting ready, so that this
    start-up cost never counts against a cell's time limit."""
    for name in ("numpy", "torch"):
        try:
            __import__(name)
        except Exception:  # a missing package shows up, clearly, when a cell imports it
            pass


def main(read_fd: int, write_fd: int) -> None:
    os.chdir(os.environ.get("HOME", "."))  # the working folder that holds the submission
    channel = Channel(read_fd, write_fd)
    shell = make_shell()
    preload()
    channel.send({"op": "ready", "syscall_filter": install()})
    while True:
        request, blobs = channel.receive()
        if request["op"] == "bye":
            return
        if request["op"] == "run":
            channel.send(run_cell(shell, request))
        elif request["op"] == "reset":
            shell.reset(new_session=False)
            channel.send({"status": "ok"})
        else:
            channel.send(*call(shell, request, blobs))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
