"""The instructor's routes: listing, detail, grades table, CSV export, regrade; each for
instructors only, each bad request answered clearly."""

import csv
import io
import time

import pytest

from tests.service.conftest import (
    Gate,
    csrf_of,
    make_client,
    notebook_bytes,
    quick_grade,
    sign_in,
    upload,
    wait_final,
)


@pytest.fixture
def graded(config, tokens):
    """Alice submitted tiny twice (both graded) and a refused file; bob nothing. (Her client
    is closed at once: its workers must not take the jobs a test queues later.)"""
    with make_client(config) as client:
        sign_in(client, tokens["alice"])
        for extra in ("# first", "# second"):
            location = upload(client, notebook_bytes(extra)).headers["location"]
            wait_final(client, int(location.rsplit("/", 1)[1]))
        upload(client, b"junk")
    return config


@pytest.fixture
def prof(graded, signed_in):
    return signed_in(graded, "prof")


def test_instructor_routes_need_an_instructor(config, tokens):
    routes = ["/instructor/", "/instructor/submissions/1", "/instructor/grades"]
    with make_client(config) as client:
        for route in [*routes, "/instructor/grades.csv"]:
            reply = client.get(route)
            assert reply.status_code == 303 and reply.headers["location"].startswith("/signin")
        assert client.post("/instructor/submissions/1/regrade").status_code == 401
        sign_in(client, tokens["alice"])
        for route in routes:
            reply = client.get(route)
            assert reply.status_code == 403 and "This page is for instructors" in reply.text


def test_the_overview_lists_and_filters_submissions(prof):
    page = prof.get("/instructor/").text
    assert all(f"#{n}" in page for n in (1, 2, 3)) and "rejected" in page
    only = prof.get("/instructor/?status=rejected").text
    assert "#3" in only and "#1<" not in only
    assert "No submissions match" in prof.get("/instructor/?student=bob").text
    bad = prof.get("/instructor/?status=lost")
    assert bad.status_code == 400 and "status must be one of" in bad.text


def test_an_instructor_sees_any_submission(prof):
    page = prof.get("/instructor/submissions/1")
    assert page.status_code == 200 and "Score: 3 / 3" in page.text and "Regrade" in page.text
    missing = prof.get("/instructor/submissions/99")
    assert missing.status_code == 404 and "There is no submission #99" in missing.text


def test_the_grades_table_and_its_csv_show_the_latest_submission(prof):
    table = prof.get("/instructor/grades").text
    assert '<a href="/instructor/submissions/2">3 / 3</a>' in table and "bob" in table
    reply = prof.get("/instructor/grades.csv")
    assert reply.headers["content-type"].startswith("text/csv")
    assert "attachment" in reply.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert [(r["student"], r["submission"], r["task"], r["score"]) for r in rows] == [
        ("alice", "2", "test_square_sum", "2"),
        ("alice", "2", "test_softplus", "1"),
    ]


def test_regrading_the_latest_submission_grades_it_again(graded, tokens):
    calls = []

    def counting(path, student, assignment, run):
        calls.append((student, assignment))
        return quick_grade(path, student, assignment, run)

    with make_client(graded, counting) as prof:
        sign_in(prof, tokens["prof"])
        form = {"csrf": csrf_of(prof, "/instructor/")}
        reply = prof.post("/instructor/submissions/2/regrade", data=form)
        assert reply.status_code == 303
        assert reply.headers["location"] == "/instructor/submissions/2"
        for _ in range(600):
            if "Score: 3 / 3" in prof.get("/instructor/submissions/2").text:
                break
            time.sleep(0.05)
        assert calls == [("alice", "tiny")]
        assert "Score: 3 / 3" in prof.get("/instructor/submissions/2").text


@pytest.mark.parametrize(
    "submission, status, message",
    [
        (1, 409, "Only a student&#39;s latest submission counts: regrade #2 instead of #1"),
        (3, 400, "was refused at upload: there is no file to grade"),
        (99, 404, "There is no submission #99"),
    ],
)
def test_what_cannot_be_regraded_says_why(prof, submission, status, message):
    form = {"csrf": csrf_of(prof, "/instructor/")}
    reply = prof.post(f"/instructor/submissions/{submission}/regrade", data=form)
    assert reply.status_code == status and message in reply.text


def test_regrade_needs_the_csrf_token_and_refuses_a_job_in_flight(config, tokens):
    gate = Gate()
    with make_client(config, gate) as student, make_client(config, gate) as prof:
        sign_in(student, tokens["alice"])
        upload(student, notebook_bytes())
        sign_in(prof, tokens["prof"])
        forged = prof.post("/instructor/submissions/1/regrade", data={"csrf": "nope"})
        assert forged.status_code == 403
        form = {"csrf": csrf_of(prof, "/instructor/")}
        busy = prof.post("/instructor/submissions/1/regrade", data=form)
        assert busy.status_code == 409 and "is already" in busy.text
        gate.open.set()


def test_a_name_a_spreadsheet_would_run_is_quoted_in_the_csv(prof, graded):
    from autograder.service.accounts import import_roster
    from autograder.service.models import open_database

    db = open_database(graded.db_url)
    for name in ('=HYPERLINK("http://x")', '\t=HYPERLINK("http://x")', "\r=1+1", "@SUM(A1)"):
        import_roster(db, [("alice", name)])
        rows = list(csv.DictReader(io.StringIO(prof.get("/instructor/grades.csv").text)))
        assert {r["name"] for r in rows} == {"'" + name}, repr(name)


def test_a_submission_the_grader_gave_up_on_is_listed_as_needing_a_regrade(prof, graded):
    from sqlalchemy import update

    from autograder.service.models import Submission, open_database

    with open_database(graded.db_url).begin() as session:  # as the workers leave it
        given_up = update(Submission).where(Submission.id == 2)
        session.execute(given_up.values(status="error", message="set aside"))
    page = prof.get("/instructor/").text
    assert "Needing a regrade" in page and 'href="/instructor/submissions/2"' in page
    listed = page.split("Needing a regrade", 1)[1].split("</ul>", 1)[0]
    assert "#2" in listed and "alice" in listed and "#1" not in listed


def test_nothing_is_listed_as_needing_a_regrade_when_all_went_well(prof):
    assert "Needing a regrade" not in prof.get("/instructor/").text
