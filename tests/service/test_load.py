"""Load on loopback: 20 students send 60 notebooks (3 assignments each) and 20 duplicates,
all at once, to a real uvicorn server; every notebook is graded exactly once, none is lost.

Grading here is the autograder's real path (checks, placing, assembling, static rules,
gradebook, feedback page, results log) with one stand-in: the sandboxed run is replaced by
a verdict read from the submitted code (a fast grading fixture: 80 sandboxes would cost
minutes of CPU; tests/service/test_browser.py and test_restart.py grade real notebooks
in the sandbox). Each student's answer differs, so a mixed-up result shows.
"""

import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import select

import autograder.grade
from autograder.gradebook import all_scores
from autograder.results import Execution, TaskResult
from autograder.service.accounts import issue
from autograder.service.config import load_config
from autograder.service.models import Submission, open_database
from autograder.service.server import running
from autograder.settings import load_settings
from tests.service.conftest import CSRF, make_service_course, notebook_bytes

STUDENTS = [f"s{n:02d}" for n in range(20)]
ASSIGNMENTS = ("tiny", "tiny2", "tiny3")
WRONG = "def square_sum(x):\n    return x.sum()\n"


def fast_execute(assembly, submission, limits, isolate, seed, rules):
    """The verdict a real run gives these notebooks, read from the code: 2 points for a
    correct square_sum, 1 for softplus (always the reference here)."""
    right = not any("return x.sum()" in code for code in assembly.student_code)
    time.sleep(0.05)  # a little time "in the sandbox", so jobs overlap
    return Execution(
        tasks=[
            TaskResult("test_square_sum", 2, 2 if right else 0, "passed", "checked"),
            TaskResult("test_softplus", 1, 1, "passed", "checked"),
        ]
    )


def expected_score(student: str) -> float:
    return 3.0 if int(student[1:]) % 2 == 0 else 1.0


def files_of(student: str) -> dict[str, bytes]:
    answer = {} if expected_score(student) == 3 else {"square_sum": WRONG}
    return {a: notebook_bytes(f"# {student} {a}", **answer) for a in ASSIGNMENTS}


def signed_in(url: str, token: str) -> tuple[httpx.Cookies, str]:
    with httpx.Client(base_url=url) as client:
        page = client.get("/signin")
        csrf = CSRF.search(page.text).group(1)
        client.post("/signin", data={"token": token, "csrf": csrf})
        csrf = CSRF.search(client.get("/submit/").text).group(1)
        return client.cookies, csrf


def send(url, cookies, csrf, assignment, data, start: threading.Barrier):
    with httpx.Client(base_url=url, cookies=cookies, timeout=120) as client:
        start.wait()
        files = {"notebook": ("work.ipynb", data)}
        form = {"assignment": assignment, "csrf": csrf}
        return client.post("/submit/upload", data=form, files=files)


@pytest.fixture
def service(tmp_path, monkeypatch):
    course = make_service_course(tmp_path / "course", names=ASSIGNMENTS)
    monkeypatch.setenv("SEQGEN_GRADING_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("SEQGEN_SECRET_FILE", str(tmp_path / "secret"))
    monkeypatch.delenv("SEQGEN_GRADEBOOK_URL", raising=False)
    monkeypatch.delenv("SEQGEN_SERVICE_DB_URL", raising=False)
    monkeypatch.setattr(autograder.grade, "execute", fast_execute)
    config = load_config(load_settings(course), jobs=2, port=0, rate_limit=100, isolate=False)
    db = open_database(config.db_url)
    tokens = {s: issue(db, s) for s in STUDENTS}
    return config, db, tokens


def test_many_concurrent_uploads_are_all_graded_once(service):
    config, db, tokens = service
    with running(config) as (url, _app):
        sessions = {s: signed_in(url, tokens[s]) for s in STUDENTS}
        files = {s: files_of(s) for s in STUDENTS}  # (cell ids are random: made once)
        jobs = [(s, a, data) for s in STUDENTS for a, data in files[s].items()]
        jobs += [(s, "tiny", files[s]["tiny"]) for s in STUDENTS]  # the same file again
        start = threading.Barrier(len(jobs))
        began = time.monotonic()
        with ThreadPoolExecutor(len(jobs)) as pool:
            replies = list(pool.map(lambda j: send(url, *sessions[j[0]], j[1], j[2], start), jobs))
        accepted = time.monotonic() - began
        rows = wait_all_final(db, len(STUDENTS) * len(ASSIGNMENTS))
        graded = time.monotonic() - began
    check_replies(jobs, replies)
    check_rows(rows)
    check_recorded_once(config, rows)
    print(
        f"\nload: {len(jobs)} uploads ({len(rows)} distinct) from {len(STUDENTS)} students: "
        f"all accepted in {accepted:.1f} s, all graded in {graded:.1f} s "
        f"({len(rows) / graded:.1f} gradings/s, 2 workers)"
    )


def wait_all_final(db, count: int, seconds: float = 300) -> list[Submission]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with db() as session:
            rows = list(session.scalars(select(Submission)))
        if len(rows) >= count and all(r.status in ("done", "error") for r in rows):
            return rows
        time.sleep(0.2)
    raise AssertionError(f"not all graded in {seconds} s: {Counter(r.status for r in rows)}")


def check_replies(jobs, replies) -> None:
    assert [r.status_code for r in replies] == [303] * len(jobs), [
        r.text[-1500:] for r in replies if r.status_code != 303
    ][:1]
    by_file = {}
    for (student, assignment, data), reply in zip(jobs, replies):
        location = reply.headers["location"].removesuffix("?duplicate=1")
        by_file.setdefault((student, assignment, data), set()).add(location)
    assert all(len(ids) == 1 for ids in by_file.values())  # a duplicate found its original
    duplicates = sum(r.headers["location"].endswith("?duplicate=1") for r in replies)
    assert duplicates == len(STUDENTS)


def check_rows(rows) -> None:
    assert len(rows) == len(STUDENTS) * len(ASSIGNMENTS)
    assert len({(r.account_id, r.assignment) for r in rows}) == len(rows)
    for row in rows:
        assert (row.status, row.attempts) == ("done", 1), (row.id, row.status, row.message)
        assert row.score == expected_score(row.account_id), row.account_id


def check_recorded_once(config, rows) -> None:
    log = config.settings.state / "results.jsonl"
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert Counter((e["student"], e["assignment"]) for e in lines) == Counter(
        (r.account_id, r.assignment) for r in rows
    )
    totals = Counter()
    for score in all_scores(config.settings):
        totals[score["student"], score["assignment"]] += score["score"]
    assert totals == {(r.account_id, r.assignment): r.score for r in rows}
    assert len(list(config.uploads.glob("*.ipynb"))) == len(rows)
