"""The student's routes through HTTP: signing in is required, an upload is graded and its
points shown, and every bad upload is refused with its own clear message."""

import json
from dataclasses import replace

import pytest

from tests.service.conftest import (
    Gate,
    csrf_of,
    make_client,
    notebook_bytes,
    sign_in,
    upload,
    wait_final,
)


def test_every_student_route_needs_a_sign_in(config, tokens):
    with make_client(config) as client:
        page = client.get("/submit/?assignment=tiny")
        assert page.status_code == 303
        assert page.headers["location"] == "/signin?next=%2Fsubmit%2F%3Fassignment%3Dtiny"
        assert client.get("/submit/submissions/1").status_code == 303
        status = client.get("/submit/submissions/1/status.json")
        assert status.status_code == 401 and status.json() == {"error": "Sign in first."}
        refused = upload(client, notebook_bytes(), csrf="x")
        assert refused.status_code == 401


def test_an_upload_is_graded_and_its_points_shown(alice):
    page = alice.get("/submit/?assignment=tiny2")
    assert '<option value="tiny2" selected>' in page.text and "Nothing submitted yet" in page.text
    reply = upload(alice, notebook_bytes(), name="my work.ipynb")
    assert reply.status_code == 303
    submission_id = int(reply.headers["location"].rsplit("/", 1)[1])
    body = wait_final(alice, submission_id)
    assert (body["status"], body["score"], body["max_score"]) == ("done", 3, 3)
    assert "test_square_sum" in body["html"] and "2 / 2" in body["html"]
    page = alice.get(f"/submit/submissions/{submission_id}")
    assert "Score: 3 / 3" in page.text and "my work.ipynb" in page.text
    history = alice.get("/submit/").text
    assert f"#{submission_id}" in history and "3 / 3" in history


def test_the_same_file_again_is_recognised_not_graded_twice(alice):
    data = notebook_bytes()
    first = upload(alice, data)
    wait_final(alice, int(first.headers["location"].rsplit("/", 1)[1]))
    again = upload(alice, data)
    assert again.status_code == 303
    assert again.headers["location"] == first.headers["location"] + "?duplicate=1"
    first_id = first.headers["location"].rsplit("/", 1)[1]
    shown = alice.get(again.headers["location"]).text
    assert f"the same file as your latest submission of tiny, #{first_id}" in shown
    assert alice.get("/submit/").text.count("<td>tiny.ipynb</td>") == 1


def test_one_submission_in_flight_per_student_and_assignment(config, signed_in):
    gate = Gate()
    client = signed_in(config, "alice", gate)
    try:
        assert upload(client, notebook_bytes("# one")).status_code == 303
        second = upload(client, notebook_bytes("# two"))
        assert second.status_code == 409
        assert "is still queued" in second.text or "is still grading" in second.text
        assert upload(client, notebook_bytes("# two"), assignment="tiny2").status_code == 303
        history = client.get("/submit/").text  # the refusal is kept, with its reason
        assert "rejected" in history and "wait for its result, then submit again" in history
    finally:
        gate.open.set()


BAD_UPLOADS = [
    ("empty", b"", "tiny", 400, "is empty"),
    ("binary", b"\xff\xfe\x00 not text", "tiny", 400, "not a text file, so not a notebook"),
    ("not json", b"print('hi')", "tiny", 400, "not valid notebook JSON"),
    ("json, no cells", b'{"a": 1}', "tiny", 400, "not a Jupyter notebook"),
    ("invalid notebook", b'{"cells": 3}', "tiny", 400, "not a valid notebook"),
    ("unknown assignment", None, "nope", 400, "There is no assignment &#39;nope&#39;"),
    ("path as assignment", None, "../tiny", 400, "There is no assignment"),
]


@pytest.mark.parametrize("kind, data, assignment, status, message", BAD_UPLOADS)
def test_a_bad_upload_is_refused_with_its_reason(alice, kind, data, assignment, status, message):
    reply = upload(alice, notebook_bytes() if data is None else data, assignment=assignment)
    assert reply.status_code == status, kind
    assert message in reply.text, reply.text
    assert "rejected" in alice.get("/submit/").text  # kept in the history, with the reason


def test_a_notebook_of_another_assignment_is_refused(alice):
    import nbformat

    foreign = nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]))
    reply = upload(alice, foreign.encode())
    assert reply.status_code == 400
    assert "this is not a notebook of assignment tiny" in reply.text


def test_no_file_and_two_files_are_refused(alice):
    csrf = csrf_of(alice, "/submit/")
    none = alice.post("/submit/upload", data={"assignment": "tiny", "csrf": csrf}, files={})
    assert none.status_code == 400 and "Choose your notebook file" in none.text
    two = [("notebook", ("a.ipynb", b"{}")), ("notebook", ("b.ipynb", b"{}"))]
    many = alice.post("/submit/upload", data={"assignment": "tiny", "csrf": csrf}, files=two)
    assert many.status_code == 400 and "Too many files" in many.text


def test_a_form_without_its_csrf_token_is_refused(alice):
    reply = upload(alice, notebook_bytes(), csrf="forged")
    assert reply.status_code == 403 and "security token does not match" in reply.text
    assert "#1" not in alice.get("/submit/").text


def test_too_large_uploads_are_refused(course, tokens, monkeypatch):
    from autograder.service.config import load_config
    from autograder.settings import load_settings

    monkeypatch.setenv("SEQGEN_MAX_SUBMISSION_MB", "0.01")  # about 10 KiB
    small = load_config(load_settings(course), jobs=1)
    with make_client(small) as client:
        sign_in(client, tokens["alice"])
        padded = notebook_bytes("# " + "x" * 12_000)
        reply = upload(client, padded)
        advice = (
            "is larger than the 0.01 MiB a submission may have: clear the outputs (Kernel &gt; "
            "Restart Kernel and Clear Outputs), save, and upload it again."
        )
        assert reply.status_code == 413 and f"tiny.ipynb {advice}" in reply.text
        huge = upload(client, b"x" * 200_000)  # refused on its declared length, unread
        assert huge.status_code == 413 and f"The upload {advice}" in huge.text
        chunked = client.post(
            "/submit/upload",
            content=iter([b"--x--\r\n"]),
            headers={"content-type": "multipart/form-data; boundary=x"},
        )
        assert chunked.status_code == 411 and "did not say its size" in chunked.text


def test_the_rate_limit_counts_every_upload(config, tokens):
    with make_client(replace(config, rate_limit=3)) as client:
        sign_in(client, tokens["alice"])
        assert upload(client, b"not a notebook").status_code == 400
        assert upload(client, notebook_bytes("# 1")).status_code == 303
        assert upload(client, notebook_bytes("# 2"), assignment="tiny2").status_code == 303
        limited = upload(client, notebook_bytes("# 3"), assignment="tiny2")
        assert limited.status_code == 429
        assert "You have uploaded 3 times in the last 10 minutes" in limited.text


def test_a_browser_file_name_never_becomes_a_path(alice, config):
    reply = upload(alice, notebook_bytes(), name="../../../evil.ipynb")
    assert reply.status_code == 303
    assert "<td>evil.ipynb</td>" in alice.get("/submit/").text
    stored = [p.name for p in config.uploads.iterdir()]
    assert len(stored) == 1 and stored[0].endswith(".ipynb") and len(stored[0]) == 64 + 6
    assert not list(config.settings.root.parent.rglob("evil.ipynb"))


def test_students_see_only_their_own_submissions(config, tokens):
    with make_client(config) as alice, make_client(config) as bob:
        sign_in(alice, tokens["alice"])
        sign_in(bob, tokens["bob"])
        location = upload(alice, notebook_bytes()).headers["location"]
        page = bob.get(location)
        assert page.status_code == 404 and "You have no submission #1" in page.text
        status = bob.get(location + "/status.json")
        assert status.status_code == 404 and status.json() == {
            "error": "You have no submission #1."
        }
        assert "#1" not in bob.get("/submit/").text


def test_bad_submission_ids_and_roles(config, tokens):
    with make_client(config) as client:
        sign_in(client, tokens["prof"])
        refused = client.get("/submit/")
        assert refused.status_code == 403 and "This page is for students" in refused.text
    with make_client(config) as client:
        sign_in(client, tokens["alice"])
        bad = client.get("/submit/submissions/abc")
        assert bad.status_code == 400 and "submission_id" in bad.text
        assert client.get("/submit/submissions/999").status_code == 404


def test_the_status_reply_is_json_with_the_result(alice):
    location = upload(alice, notebook_bytes()).headers["location"]
    body = wait_final(alice, int(location.rsplit("/", 1)[1]))
    assert set(body) == {"id", "status", "final", "score", "max_score", "html"}
    json.dumps(body)


def test_a_link_to_an_assignment_not_released_says_so(alice):
    page = alice.get("/submit/?assignment=99_not_yet")
    assert page.status_code == 200
    assert "There is no assignment &#39;99_not_yet&#39; to submit to yet" in page.text
    assert " selected>" not in page.text
