"""Signing in and out: tokens, CSRF on the forms, revocation, and where sign-in leads."""

import logging

import pytest

from autograder.service.accounts import revoke
from autograder.service.auth import safe_next
from autograder.service.models import open_database
from tests.service.conftest import csrf_of, make_client, sign_in


def test_a_student_signs_in_and_out(config, tokens):
    with make_client(config) as client:
        form = {
            "token": tokens["alice"],
            "csrf": csrf_of(client),
            "next": "/submit/?assignment=tiny",
        }
        reply = client.post("/signin", data=form)
        assert reply.status_code == 303 and reply.headers["location"] == "/submit/?assignment=tiny"
        page = client.get("/submit/")
        assert page.status_code == 200 and "Signed in as <strong>alice</strong>" in page.text
        out = client.post("/signout", data={"csrf": csrf_of(client, "/submit/")})
        assert out.status_code == 303 and out.headers["location"] == "/signin"
        assert client.get("/submit/").status_code == 303


def test_an_instructor_lands_on_the_instructor_pages(config, tokens):
    with make_client(config) as client:
        assert sign_in(client, tokens["prof"]).headers["location"] == "/instructor/"


@pytest.mark.parametrize(
    "token, message",
    [
        ("", "Enter the token your instructor gave you."),
        ("guessed-token", "That token is not valid"),
    ],
)
def test_a_bad_token_is_refused(config, tokens, token, message):
    with make_client(config) as client:
        reply = client.post("/signin", data={"token": token, "csrf": csrf_of(client)})
        assert reply.status_code == 401 and message in reply.text


def test_sign_in_and_out_forms_need_their_csrf_token(config, tokens):
    with make_client(config) as client:
        reply = client.post("/signin", data={"token": tokens["alice"]})
        assert reply.status_code == 403 and "security token does not match" in reply.text
        sign_in(client, tokens["alice"])
        assert client.post("/signout", data={"csrf": "nope"}).status_code == 403
        assert client.get("/submit/").status_code == 200


def test_revoking_a_token_signs_its_holder_out(config, tokens):
    with make_client(config) as client:
        sign_in(client, tokens["alice"])
        revoke(open_database(config.db_url), "alice")
        assert client.get("/submit/").status_code == 303
        reply = client.post("/signin", data={"token": tokens["alice"], "csrf": csrf_of(client)})
        assert reply.status_code == 401


def test_tokens_are_never_stored_or_logged(config, tokens, caplog):
    caplog.set_level(logging.DEBUG)
    with make_client(config) as client:
        sign_in(client, tokens["alice"])
        client.post("/signin", data={"token": tokens["bob"] + "x", "csrf": csrf_of(client)})
    stored = b"".join(p.read_bytes() for p in config.settings.state.rglob("*") if p.is_file())
    for token in tokens.values():
        assert token.encode() not in stored
        assert token not in caplog.text


@pytest.mark.parametrize(
    "target, role, expected",
    [
        ("/submit/?assignment=tiny", "student", "/submit/?assignment=tiny"),
        ("https://evil.example/submit/", "student", "/submit/"),
        ("//evil.example/submit/", None, "/submit/"),
        ("/instructor/grades", "student", "/submit/"),
        ("/submit/\\evil", "student", "/submit/"),
        ("/instructor/grades", "instructor", "/instructor/grades"),
    ],
)
def test_sign_in_only_leads_to_this_app(target, role, expected):
    assert safe_next(target, role) == expected
