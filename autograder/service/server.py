"""Running the service: uvicorn on one port (printed at start), one service per grading folder.

The socket is bound here, before uvicorn starts, so that port 0 (any free port) still
prints the real address and a port in use is one clear error. A lock file in the service's
folder keeps a second ``serve`` off the same grading folder: two services would put each
other's running jobs back in the queue.
"""

import fcntl
import socket
import sys
import threading
from contextlib import contextmanager

import uvicorn

from autograder.service.config import ServiceConfig
from autograder.settings import CourseError


@contextmanager
def only_service(config: ServiceConfig):
    """Hold the service lock of this grading folder, or refuse clearly."""
    config.home.mkdir(parents=True, exist_ok=True)
    with (config.home / "server.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CourseError(
                f"another `autograder serve` is running on {config.settings.state}: stop it "
                "first, or give this one its own SEQGEN_GRADING_DIR"
            ) from None
        yield


def bind(config: ServiceConfig) -> socket.socket:
    try:
        return socket.create_server((config.host, config.port), reuse_port=False)
    except OSError as err:
        raise CourseError(
            f"cannot listen on {config.host}:{config.port} ({err.strerror}): choose another "
            "port with --port N (make serve PORT=N), or 0 for any free one"
        ) from None


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}"


def make_server(config: ServiceConfig, grade=None):
    """(uvicorn server, the app it serves). The app (and torch, for grading) loads only now:
    a port in use or a second service is refused at once."""
    from autograder.service.web import create_app

    app = create_app(config, grade)
    settings = uvicorn.Config(
        app, log_level="info", timeout_graceful_shutdown=5, server_header=False, lifespan="on"
    )
    return uvicorn.Server(settings), app


def serve(config: ServiceConfig, grade=None) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM); jobs cut short resume at the next start."""
    with only_service(config):
        sock = bind(config)
        server, _app = make_server(config, grade)
        url = url_of(sock)
        print(f"Serving on {url}/ : the book at {url}/, students submit at {url}/submit/, "
              f"instructors at {url}/instructor/ (Ctrl-C stops)", flush=True)  # fmt: skip
        if not (config.book / "index.html").is_file():
            print(f"note: the book is not built ({config.book}): run `make book`", file=sys.stderr)
        server.run(sockets=[sock])


@contextmanager
def running(config: ServiceConfig, grade=None):
    """The service in a thread of this process, for tests: yields (base URL, app)."""
    sock = bind(config)
    server, app = make_server(config, grade)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        while not server.started and thread.is_alive():
            threading.Event().wait(0.02)
        yield url_of(sock), app
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
