"""Stopping the service mid-grade loses nothing: `autograder serve` runs as its own process,
grades a real notebook in the sandbox, is stopped (SIGTERM, or SIGKILL: no chance to clean
up) while the notebook runs, and started again; the job is resumed and completes, graded
once, recorded once."""

import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from autograder.sandbox import isolation_problem
from autograder.service.accounts import issue
from autograder.service.config import load_config
from autograder.service.models import Submission, open_database
from autograder.settings import load_settings
from tests.service.conftest import CSRF, make_service_course, notebook_bytes

pytestmark = pytest.mark.skipif(
    isolation_problem() is not None,
    reason=f"grading needs the sandbox (root and Linux namespaces): {isolation_problem()}",
)
SLOW_CELL = "import time\ntime.sleep(6)\n"  # the student's own last cell: grading takes a while


def start_service(course, env) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "autograder", "serve", "--port", "0", "--jobs", "1"],
        cwd=course,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    first = process.stdout.readline()
    assert first.startswith("Serving on http://"), first + process.stdout.read()
    return process, first.split()[2].rstrip("/")


def status_of(db, submission_id: int) -> Submission:
    with db() as session:
        return session.get(Submission, submission_id)


def wait_for(db, submission_id: int, statuses, seconds: float = 180) -> Submission:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = status_of(db, submission_id)
        if row.status in statuses:
            return row
        time.sleep(0.1)
    raise AssertionError(f"still {row.status} after {seconds} s")


def submit(url: str, token: str) -> int:
    with httpx.Client(base_url=url, timeout=60) as client:
        csrf = CSRF.search(client.get("/signin").text).group(1)
        client.post("/signin", data={"token": token, "csrf": csrf})
        csrf = CSRF.search(client.get("/submit/").text).group(1)
        files = {"notebook": ("tiny.ipynb", notebook_bytes(SLOW_CELL))}
        reply = client.post(
            "/submit/upload", data={"assignment": "tiny", "csrf": csrf}, files=files
        )
    assert reply.status_code == 303, reply.text
    return int(reply.headers["location"].rsplit("/", 1)[1])


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_job_interrupted_by_a_stop_completes_after_a_restart(tmp_path, monkeypatch, stop):
    course = make_service_course(tmp_path / "course")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEQGEN_")}
    env.update(SEQGEN_GRADING_DIR=str(tmp_path / "state"), SEQGEN_SECRET_FILE=str(tmp_path / "s"))
    for name in ("SEQGEN_GRADING_DIR", "SEQGEN_SECRET_FILE"):
        monkeypatch.setenv(name, env[name])  # this process reads the same database
    config = load_config(load_settings(course))
    db = open_database(config.db_url)
    token = issue(db, "alice")

    first, url = start_service(course, env)
    try:
        submission_id = submit(url, token)
        wait_for(db, submission_id, ("grading",))
        time.sleep(2)  # the sandbox is running the notebook now
        first.send_signal(stop)
        first.wait(30)
    finally:
        first.kill()
    assert status_of(db, submission_id).status == "grading"  # cut short, not finished

    second, url = start_service(course, env)
    try:
        row = wait_for(db, submission_id, ("done", "error"))
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(30)
        log = second.stdout.read()  # through the buffer the address line was read with
    assert "resumed 1 grading(s) interrupted" in log
    assert (row.status, row.score, row.max_score, row.attempts) == ("done", 3, 3, 2), row.message
    results = (config.settings.state / "results.jsonl").read_text().splitlines()
    assert [json.loads(line)["student"] for line in results] == ["alice"]
