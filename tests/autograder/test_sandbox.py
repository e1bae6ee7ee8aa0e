"""The sandbox itself: who the code runs as, what it can see and reach, and its limits.

Every hostile snippet here is bounded by its own loop counts and sizes, so it stays
harmless on a shared machine even if a limit were missing.
"""

import os

import nbformat
import pytest
import torch

from autograder.sandbox import Limits, Sandbox, SandboxDied, isolation_problem
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(
    isolation_problem() is not None, reason=f"no isolation here: {isolation_problem()}"
)


@pytest.fixture
def submission(tmp_path):
    path = tmp_path / "submission.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), path)
    return path


def run(box, source):
    reply = box.run_cell(source)
    return reply["status"], reply.get("output", "").strip(), reply.get("ename")


def test_runs_as_an_unprivileged_user_in_its_own_namespaces(submission):
    with Sandbox(submission, Limits(cell_seconds=30)) as box:
        _, out, _ = run(box, "import os; print(os.getuid(), os.getgid(), os.getcwd())")
        uid, gid, cwd = out.split()
        assert int(uid) >= 61000 and int(gid) >= 61000 and cwd == "/submission"
        _, out, _ = run(box, "print(sorted(os.listdir('/submission')))")
        assert out == "['submission.ipynb']"
        _, out, _ = run(box, "print(len([p for p in os.listdir('/proc') if p.isdigit()]))")
        assert int(out) <= 3  # only its own processes are visible


def test_course_tree_gradebook_and_home_are_out_of_reach(submission):
    secrets = [
        ROOT / "solutions" / "00_rnn_basics" / "00_rnn_basics.ipynb",
        ROOT / ".git" / "HEAD",
        ROOT / "nbgrader_config.py",
        submission.parent,
    ]
    with Sandbox(submission, Limits(cell_seconds=30)) as box:
        for path in secrets:
            status, _, ename = run(box, f"open({str(path)!r}).read()")
            assert status == "error" and ename in {"FileNotFoundError", "IsADirectoryError"}, path
        status, _, ename = run(box, f"open({str(ROOT / 'seqgen' / 'evil.py')!r}, 'w')")
        assert status == "error" and ename in {"OSError", "PermissionError", "FileNotFoundError"}


def test_no_network_at_all(submission):
    with Sandbox(submission, Limits(cell_seconds=30)) as box:
        status, _, ename = run(
            box,
            "import socket\nsocket.create_connection(('127.0.0.1', 22), timeout=2)",
        )
        assert status == "error" and ename in {"OSError", "ConnectionRefusedError", "TimeoutError"}
        _, out, _ = run(box, "print(sorted(socket.if_nameindex()))")
        assert "eth" not in out and "ens" not in out


def test_cell_time_limit_and_a_process_that_ignores_it(submission):
    with Sandbox(submission, Limits(cell_seconds=1, grace_seconds=2)) as box:
        status, _, ename = run(box, "import time\nfor _ in range(100): time.sleep(0.1)")
        assert status == "error" and ename == "CellTimeout"
        with pytest.raises(SandboxDied, match="time limit"):
            box.run_cell(
                "import signal, time\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                "for _ in range(100): time.sleep(0.1)"
            )


def test_dead_process_is_reported(submission):
    with Sandbox(submission, Limits(cell_seconds=30)) as box:
        with pytest.raises(SandboxDied, match="ended"):
            box.run_cell("import os; os._exit(3)")


def test_file_size_and_memory_are_bounded(submission):
    limits = Limits(cell_seconds=30, max_file_mb=1, memory_mb=1536)
    with Sandbox(submission, limits) as box:
        status, _, ename = run(
            box,
            "import signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
            "with open('big', 'wb') as f:\n    for _ in range(8): f.write(b'x' * 2**20)",
        )
        assert status == "error" and ename == "OSError"
        status, _, ename = run(box, "blocks = [bytearray(2**30) for _ in range(4)]")
        assert status == "error" and ename == "MemoryError"
        status, _, _ = run(box, "print('still alive')")
        assert status == "ok"


def test_process_count_is_bounded(submission):
    with Sandbox(submission, Limits(cell_seconds=30, max_processes=8)) as box:
        status, out, ename = run(
            box,
            "import os, time\nkids = []\n"
            "try:\n"
            "    for _ in range(20):\n"
            "        pid = os.fork()\n"
            "        if pid == 0:\n"
            "            time.sleep(3); os._exit(0)\n"
            "        kids.append(pid)\n"
            "finally:\n"
            "    print(len(kids))",
        )
        assert status == "error" and ename == "BlockingIOError"
        assert int(out.splitlines()[0]) < 8


def test_calls_return_values_only(submission):
    with Sandbox(submission, Limits(cell_seconds=30)) as box:
        run(box, "import torch\ndef f(x):\n    return x * 2, 'text'")
        ok, value = box.call("call", "f", ((torch.ones(2),), {}))
        assert ok and torch.equal(value[0][0], torch.full((2,), 2.0)) and value[0][1] == "text"
        run(box, "class Evil:\n    pass\ndef g():\n    return Evil()")
        assert box.call("call", "g", ((), {})) == (False, "CodecError")


def test_unisolated_mode_still_works(submission):
    with Sandbox(submission, Limits(cell_seconds=30), isolate=False) as box:
        _, out, _ = run(box, "import os; print(os.getuid())")
        assert out == str(os.getuid())
