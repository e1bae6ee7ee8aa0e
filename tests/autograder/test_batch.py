"""Grading at course scale on one machine (issue 14): jobs in parallel without sharing a
sandbox uid, a crash or timeout in one job leaves the others alone, each result recorded as
it finishes, an interrupted batch resumes without grading anything twice, SQLite in WAL
mode, and the per-task summary export."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import nbformat
import pytest

import autograder.sandbox
from autograder import uids
from autograder.batch import batch_id, run_batch, threads
from autograder.export import export_csv, summarise
from autograder.grade import Options, grade
from autograder.records import log_result as record_log
from autograder.results import GradeResult
from autograder.sandbox import isolation_problem
from autograder.settings import Limits, Settings
from tests.autograder.course import ASSIGNMENT, submission

needs_sandbox = pytest.mark.skipif(
    isolation_problem() is not None,
    reason=f"grading needs the sandbox (root and Linux namespaces): {isolation_problem()}",
)
LIMITS = Limits(cell_seconds=8, notebook_seconds=60, grace_seconds=2)
WRONG = "def square_sum(x):\n    return x.sum()\n"
HANGS = "import time\ndef square_sum(x):\n    time.sleep(3600)\n"
DIES = "import os\nos._exit(3)\n"  # the runner process ends in the softplus cell


# ---- uids: never two sandboxes at once with the same one --------------------------------


def test_a_leased_uid_is_not_leased_again_until_released(tmp_path, monkeypatch):
    monkeypatch.setattr(uids, "LOCK_DIR", tmp_path)
    monkeypatch.setattr(uids, "UID_SPAN", 3)
    leases = [uids.lease_uid() for _ in range(3)]
    assert len({lease.uid for lease in leases}) == 3
    with pytest.raises(uids.NoFreeUid):
        uids.lease_uid()
    leases[1].release()
    assert uids.lease_uid().uid == leases[1].uid


def test_a_uid_leased_by_another_process_is_skipped(tmp_path, monkeypatch):
    """The lease spans processes (two grading batches, or workers, on one machine)."""
    monkeypatch.setattr(uids, "LOCK_DIR", tmp_path)
    monkeypatch.setattr(uids, "UID_SPAN", 2)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, sys, time\n"
         f"f = open({str(tmp_path / str(uids.UID_BASE))!r}, 'a')\n"
         "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        for _ in range(5):
            with uids.lease_uid() as lease:
                assert lease.uid == uids.UID_BASE + 1
    finally:
        holder.kill()
        holder.wait()
    leases = [uids.lease_uid() for _ in range(2)]  # the holder died: its uid is free again
    assert {lease.uid for lease in leases} == {uids.UID_BASE, uids.UID_BASE + 1}


def test_a_lock_folder_someone_else_controls_is_refused(tmp_path, monkeypatch):
    """Review 4: a folder another user created first (or made readable) could hold every
    lock, and the failure was blamed on the submission. The folder must be ours and private;
    otherwise leasing fails as the grader's own problem (an OSError), saying why."""
    folder = tmp_path / "locks"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    monkeypatch.setattr(uids, "LOCK_DIR", folder)
    with pytest.raises(OSError, match=r"locks.*(mode|owned)"):
        uids.lease_uid()
    assert issubclass(uids.NoFreeUid, OSError)  # all uids busy: the grader's fault too


def test_a_sandbox_that_does_not_isolate_leases_no_uid(tmp_path, monkeypatch):
    """Review 4: ``grade --unsafe`` and ``validate`` without namespaces run as the grader's
    own user; leasing a uid there only failed on a lock folder another user owned."""
    monkeypatch.setattr(uids, "LOCK_DIR", tmp_path / "not-a-folder")
    (tmp_path / "not-a-folder").write_text("")
    nb = tmp_path / "s.ipynb"
    nbformat.write(submission(), nb)
    with autograder.sandbox.Sandbox(nb, LIMITS, isolate=False) as box:
        assert box.lease is None


# ---- summary export ---------------------------------------------------------------------


def test_summary_shows_which_task_students_struggle_with():
    rows = [
        {"assignment": "a", "task": "t1", "score": s, "max_score": 2.0}
        for s in (2.0, 2.0, 0.0, 1.0)
    ] + [
        {"assignment": "a", "task": "t2", "score": s, "max_score": 1.0}
        for s in (0.0, 0.0, 0.0, 1.0)
    ]
    t1, t2 = summarise(rows)
    assert (t1["task"], t1["students"], t1["mean"], t1["pass_rate"]) == ("t1", 4, "1.250", "0.500")
    assert (t1["mean_fraction"], t1["zero_rate"]) == ("0.625", "0.250")
    assert (t2["mean"], t2["pass_rate"], t2["zero_rate"]) == ("0.250", "0.250", "0.750")


# ---- resuming, with jobs that only log (fast) -------------------------------------------


class Interrupted(BaseException):
    """Stands for the batch being cut short (Ctrl-C, a kill) while a job runs."""


def logging_job(settings, calls):
    def job(path, student, run):
        time.sleep(0.3)  # still running when the interruption comes
        calls.append(student)
        result = GradeResult(student, "a", str(path), "graded", score=1.0, run=run)
        record_log(settings, result)
        return result

    return job


def test_an_interrupted_batch_resumes_and_a_finished_one_starts_over(tmp_path):
    settings = Settings(root=tmp_path, state=tmp_path, db_url="sqlite://")
    pairs = [(tmp_path / f"{name}.ipynb", name) for name in ("a1", "a2", "a3", "a4")]
    for path, _ in pairs:
        path.write_text(path.stem)
    batch = batch_id("a", "source", pairs)

    def interrupt(result, done, total):  # Ctrl-C after the second result
        if done == 2:
            raise Interrupted

    first: list[str] = []
    with pytest.raises(Interrupted):
        engine = threads(logging_job(settings, first), 1)
        run_batch(settings, batch, pairs, engine, progress=interrupt)
    assert first[:2] == ["a1", "a2"] and len(first) < 4  # the running job may finish
    second: list[str] = []
    results = run_batch(settings, batch, pairs, threads(logging_job(settings, second), 2))
    assert sorted(first + second) == ["a1", "a2", "a3", "a4"], "lost or graded twice"
    assert [r.resumed for r in results] == [name in first for _, name in pairs]
    assert len({r.run for r in results}) == 1
    third: list[str] = []
    run_batch(settings, batch, pairs, threads(logging_job(settings, third), 2))
    assert sorted(third) == ["a1", "a2", "a3", "a4"], "a finished batch is graded again"
    pairs[0][0].write_text("changed")
    assert batch_id("a", "source", pairs) != batch, "another file is another batch"
    assert batch_id("a", "new source", pairs[1:]) != batch_id("a", "source", pairs[1:])


# ---- parallel batches on the tiny course ------------------------------------------------


def write_batch(folder, **notebooks):
    folder.mkdir(parents=True, exist_ok=True)
    for name, nb in notebooks.items():
        nbformat.write(nb, folder / f"{name}.ipynb")
    return folder


class LeaseSpy:
    """Wraps the sandbox's uid lease to see how many sandboxes ran at once, with which uids."""

    def __init__(self):
        self.lock, self.active, self.most, self.overlaps = threading.Lock(), {}, 0, []

    def __call__(self):
        lease = uids.lease_uid()
        with self.lock:
            self.overlaps += [(lease.uid, other) for other in self.active.values()]
            self.active[id(lease)] = lease.uid
            self.most = max(self.most, len(self.active))
        release = lease.release

        def tracked_release():
            with self.lock:
                self.active.pop(id(lease), None)
            release()

        lease.release = tracked_release
        return lease


@needs_sandbox
@pytest.mark.grading
def test_parallel_batch_isolates_jobs_and_records_each(course, tmp_path, monkeypatch):
    spy = LeaseSpy()
    monkeypatch.setattr(autograder.sandbox, "lease_uid", spy)
    folder = write_batch(
        tmp_path / "batch",
        ann=submission(), ben=submission(square_sum=WRONG), hal=submission(square_sum=HANGS),
        dee=submission(softplus=DIES), eve=submission(),
    )  # fmt: skip
    seen = []
    results = grade(
        course, ASSIGNMENT, [folder], options=Options(limits=LIMITS, jobs=2),
        progress=lambda r, done, total: seen.append((r.student, done, total)),
    )  # fmt: skip
    by = {r.student: r for r in results}
    assert [r.student for r in results] == ["ann", "ben", "dee", "eve", "hal"]  # file order
    assert by["ann"].score == by["eve"].score == 3 == by["ann"].max_score
    assert by["ben"].score == 1  # the other task still counts
    assert by["hal"].status == "graded" and by["hal"].score == 1  # its own timeout only
    assert "time limit" in by["hal"].tasks[0].message, by["hal"].tasks[0].message
    assert by["dee"].status == "graded" and by["dee"].score == 2  # graded up to its crash
    assert by["dee"].tasks[1].visible == "not run", by["dee"].tasks[1]
    assert spy.most == 2, "two sandboxes should have run at once"
    assert all(a != b for a, b in spy.overlaps), "two sandboxes at once shared a uid"
    assert sorted(s for s, _, _ in seen) == sorted(by) and [d for _, d, _ in seen] == [
        1,
        2,
        3,
        4,
        5,
    ]
    log = [json.loads(line) for line in (course.state / "results.jsonl").read_text().splitlines()]
    assert {e["student"] for e in log if e["run"] == results[0].run} == set(by)
    db = sqlite3.connect(course.state / "gradebook.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@needs_sandbox
@pytest.mark.grading
def test_killed_batch_resumes_without_losing_or_duplicating(course, tmp_path):
    """Kill the grading process mid-batch, run it again: every file is recorded exactly
    once in the resumed run, and the ones done before the kill are not graded again."""
    names = ["kim", "lee", "max"]
    folder = write_batch(tmp_path / "batch", **{n: submission() for n in names})
    folder_nb = folder / "lee.ipynb"
    nbformat.write(submission(square_sum=WRONG), folder_nb)
    env = dict(os.environ, SEQGEN_JOBS="1", SEQGEN_CELL_TIMEOUT="20")
    env.update(SEQGEN_GRADING_DIR=str(course.state), SEQGEN_COURSE_ROOT=str(course.root))
    command = [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, str(folder)]
    log = course.state / "results.jsonl"
    before = len(log.read_text().splitlines()) if log.exists() else 0
    first = subprocess.Popen(command, cwd=course.root, env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and first.poll() is None:
        if log.exists() and len(log.read_text().splitlines()) >= before + 1:
            break
        time.sleep(0.05)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    done_before = [json.loads(x)["student"] for x in log.read_text().splitlines()[before:]]
    assert 1 <= len(done_before) < len(names), "the kill should land mid-batch"
    again = subprocess.run(command, cwd=course.root, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"{len(done_before)} file(s) already graded were not graded again" in again.stdout
    entries = [json.loads(x) for x in log.read_text().splitlines()[before:]]
    assert sorted(e["student"] for e in entries) == sorted(names), "lost or duplicated"
    assert len({e["run"] for e in entries}) == 1
    scores = {e["student"]: e["score"] for e in entries}
    assert scores == {"kim": 3, "lee": 1, "max": 3}
    target = tmp_path / "grades.csv"
    export_csv(course, target, tmp_path / "summary.csv")
    summary = (tmp_path / "summary.csv").read_text().splitlines()
    assert summary[0].startswith("assignment,task,students,max_score,mean,")
