"""Starting the service: `make serve` on a fresh copy of the repository brings up the book
and the app with nothing else to set up; the address is printed; a port in use and a
second service on the same grading folder are clear errors."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.service.conftest import CSRF, make_service_course
from tests.service.minibook import build_minibook

VENV = Path(sys.executable).parent.parent


def fresh_copy(target: Path) -> Path:
    """The repository's tracked files, as a fresh clone has them (no .venv, no .grading)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith(("SEQGEN_", "MAKE"))}


def start(command: list[str], cwd: Path, env: dict) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,  # make and its child stop together
    )  # fmt: skip
    for line in process.stdout:
        found = re.match(r"Serving on (http://\S+?)/ ", line)
        if found:
            return process, found.group(1)
    process.wait()
    raise AssertionError(f"the service did not start (exit {process.returncode})")


def stop(process: subprocess.Popen) -> str:
    """Stop it; what it printed after the address line (read through the same buffer)."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    return process.stdout.read()


def test_make_serve_on_a_fresh_copy_needs_no_set_up(tmp_path):
    clone = fresh_copy(tmp_path / "clone")
    dry = subprocess.run(["make", "-n", "serve"], cwd=clone, capture_output=True, text=True)
    assert "jupyter-book build" in dry.stdout and "autograder serve --port 8000" in dry.stdout
    # Executing every notebook takes many minutes: the book step gets a book built with the
    # course's configuration, and make is told both it and the venv are up to date.
    (tmp_path / "mini").mkdir()
    shutil.copytree(build_minibook(tmp_path / "mini"), clone / "_build" / "html")
    stamp = VENV / ".installed"
    command = ["make", "-o", "book", "-o", str(stamp), "serve", f"VENV={VENV}", "PORT=0"]
    process, url = start(command, clone, clean_env())
    try:
        book = httpx.get(f"{url}/book/00_rnn_basics/index.html")
        assert book.status_code == 200 and "Submit this exercise" in book.text
        signin = httpx.get(f"{url}/submit/?assignment=00_rnn_basics", follow_redirects=True)
        assert signin.status_code == 200 and "Sign in to submit" in signin.text
        issued = subprocess.run(
            [str(VENV / "bin" / "autograder"), "serve", "issue", "alice"],
            cwd=clone, env=clean_env(), capture_output=True, text=True,
        )  # fmt: skip
        token = issued.stdout.split()[-1]
        with httpx.Client(base_url=url) as client:
            csrf = CSRF.search(client.get("/signin").text).group(1)
            client.post("/signin", data={"token": token, "csrf": csrf})
            page = client.get("/submit/").text
        assert '<option value="00_rnn_basics">' in page
    finally:
        stop(process)
    assert (clone / ".grading" / "service.db").exists()


@pytest.fixture
def course_env(tmp_path):
    course = make_service_course(tmp_path / "course")
    env = clean_env() | {"SEQGEN_GRADING_DIR": str(tmp_path / "state")}
    return course, env


def serve_command(*args) -> list[str]:
    return [sys.executable, "-m", "autograder", "serve", *args]


def test_the_printed_address_serves_and_a_missing_book_is_explained(course_env):
    course, env = course_env
    env["SEQGEN_BOOK_DIR"] = str(course / "no-book")
    process, url = start(serve_command("--port", "0"), course, env)
    try:
        page = httpx.get(url + "/")
        assert page.status_code == 200 and "The book is not built yet" in page.text
        assert "make book" in page.text
    finally:
        log = stop(process)
    assert "the book is not built" in log


def test_a_second_service_on_the_same_folder_is_refused(course_env):
    course, env = course_env
    process, _url = start(serve_command("--port", "0"), course, env)
    try:
        second = subprocess.run(
            serve_command("--port", "0"), cwd=course, env=env, capture_output=True, text=True
        )
        assert second.returncode == 2
        assert "another `autograder serve` is running on" in second.stderr
    finally:
        stop(process)


def test_a_port_in_use_is_a_clear_error(course_env):
    course, env = course_env
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        done = subprocess.run(
            serve_command("--port", port), cwd=course, env=env, capture_output=True, text=True
        )
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "--port N" in done.stderr
