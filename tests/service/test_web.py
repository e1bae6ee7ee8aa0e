"""The app as a whole: the book at / beside the app's routes, nothing outside the book
reachable by path tricks, clear pages for unknown routes, protective headers."""

from dataclasses import replace

import pytest

from tests.service.conftest import make_client


@pytest.fixture
def client(config, tmp_path):
    book = tmp_path / "built"
    (book / "book" / "00_rnn_basics").mkdir(parents=True)
    (book / "index.html").write_text("<p>the book's front page</p>")
    (book / "book" / "00_rnn_basics" / "index.html").write_text("<p>chapter 00</p>")
    (book / "submit").mkdir()
    (book / "submit" / "index.html").write_text("<p>no service here</p>")
    (tmp_path / "secret.txt").write_text("top secret")
    with make_client(replace(config, book=book)) as client:
        yield client


def test_the_book_is_served_at_the_root(client):
    assert "front page" in client.get("/").text
    assert "chapter 00" in client.get("/book/00_rnn_basics/").text
    assert "chapter 00" in client.get("/book/00_rnn_basics/index.html").text


def test_the_app_routes_win_over_the_book(client):
    """The built book's stand-in page at submit/ is for readers without the service."""
    reply = client.get("/submit/")
    assert reply.status_code == 303 and reply.headers["location"].startswith("/signin")


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/book/..%2f..%2fsecret.txt",
        "/service-static/..%2f..%2f..%2fsettings.py",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_nothing_outside_the_book_is_reachable(client, path):
    reply = client.get(path)
    assert reply.status_code == 404 and "top secret" not in reply.text
    assert "There is no page here." in reply.text


def test_app_pages_carry_protective_headers(client):
    page = client.get("/signin")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert "server" not in page.headers


def test_unknown_routes_and_methods_get_clear_answers(client):
    missing = client.get("/instructor/nothing-here")
    assert missing.status_code == 404 and "There is no page here." in missing.text
    assert client.get("/nothing.json").json() == {"error": "There is no page here."}
    wrong = client.delete("/signin")
    assert wrong.status_code == 405 and "Method Not Allowed" in wrong.text


def test_the_app_s_own_script_and_style_are_served(client):
    assert "statusUrl" in client.get("/service-static/status.js").text
    assert client.get("/service-static/service.css").status_code == 200
    assert client.get("/docs").status_code == 404  # no API browser that loads a CDN


def test_without_a_sandbox_uploads_wait_and_every_page_says_so(config, tokens, monkeypatch):
    from autograder.service import web
    from tests.service.conftest import sign_in

    monkeypatch.setattr(web, "isolation_problem", lambda: "no user namespaces")
    with make_client(config, grade=None) as client:
        sign_in(client, tokens["alice"])
        page = client.get("/submit/").text
    assert "Grading is paused: submissions cannot be isolated here (no user namespaces)" in page
