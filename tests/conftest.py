"""Fixtures: the app on a real database (SQLite file, or PostgreSQL via DATABASE_URL),
a client, a real SMTP server on loopback, and helpers for CSRF tokens and log-in."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
import redis
from aiosmtpd.controller import Controller
from flask.testing import FlaskClient
from sqlalchemy import event
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db, limiter

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    """SQLite in a temporary file, or the PostgreSQL database named by DATABASE_URL.

    Under pytest-xdist every worker gets a database of its own: a sibling PostgreSQL
    database "<name>_<worker>" created here and dropped at the end.
    """
    url = os.environ.get("DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        return
    if not worker:
        yield url
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from app.config import normalise_database_url

    base = make_url(normalise_database_url(url))
    name = f"{base.database}_{worker}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def app(database_url):
    from app.config import normalise_database_url

    application = create_app({"TESTING": True,
                              "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url)})
    with application.app_context():
        db.drop_all()
        db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _empty_all_tables() -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture(autouse=True)
def _clean_state(app) -> Iterator[None]:
    with app.app_context():
        _empty_all_tables()
    limiter.reset()
    yield
    with app.app_context():
        db.session.remove()


@pytest.fixture(scope="session")
def live_server(app):
    """The app served over HTTP on 127.0.0.1 by a threaded server (one thread per request)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def app_ctx(app):
    with app.test_request_context():
        yield app


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production: a fresh `g` (Flask-Login's
    cached user, rule memos) and a fresh database session, even when the test itself holds
    an app context (`app_ctx`) to build data. Objects the test holds may then be stale:
    refresh them (db.session.refresh / expire_all) after a request that changed them."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


def csrf_token(client, url: str = "/konto/log-ind") -> str:
    """The session's CSRF token, from a form on `url`. The reading pages of a visitor who is
    not logged in carry no form (the language link is a plain link), so for a visitor it
    comes from the log-in page instead, as it would in a browser."""
    page = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(page)
    if match is None and url != "/konto/log-ind":
        return csrf_token(client)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post_form(client, url: str, data: dict, token_from: str | None = None, **kwargs):
    """POST like a browser: fetch the form page for its CSRF token, then submit."""
    payload = {"csrf_token": csrf_token(client, token_from or url), **data}
    return client.post(url, data=payload, **kwargs)


def login(client, login_name: str, password: str, remember: bool = False):
    data = {"login": login_name, "password": password}
    if remember:
        data["remember"] = "y"
    return post_form(client, "/konto/log-ind", data)


def send_twice(client, url: str, form: dict) -> str:
    """Send one form twice, as a double click or a retrying phone would; both answers must
    send the person to the same place, which is returned."""
    first, again = client.post(url, data=form), client.post(url, data=form)
    assert first.status_code == again.status_code == 302, (first.status_code, again.status_code)
    assert first.headers["Location"] == again.headers["Location"]
    return first.headers["Location"]


def raw_session(app, pseudonym: str, page: str) -> tuple[str, str]:
    """Log in as `pseudonym`; the session's Cookie header and the CSRF token from `page`, for
    requests sent outside the test client (many at the same moment, say)."""
    from tests.factories import PASSWORD

    client = app.test_client()
    assert login(client, pseudonym, PASSWORD).status_code == 302
    token = CSRF_RE.search(client.get(page).get_data(as_text=True)).group(1)
    return f"borgernet_session={client.get_cookie('borgernet_session').value}", token


@pytest.fixture(scope="session")
def redis_url():
    """The machine's Redis on 127.0.0.1:6379; without one, a private redis-server for the session."""
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        yield url
        return
    except redis.ConnectionError:
        pass
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("These tests need Redis: run one on 127.0.0.1:6379 or install redis-server")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([binary, "--bind", "127.0.0.1", "--port", str(port), "--save", ""],
                              stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


class _Collector:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    # aiosmtpd 1.4 cannot start on port 0 (its start-up self-test dials the port it was given).
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A real SMTP server on 127.0.0.1; the app is pointed at it for this test."""
    collector = _Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=_free_port())
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", controller.port)
    try:
        yield collector
    finally:
        controller.stop()


def body_text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """Use as `with count_queries() as counter: ...`; counter.count is the number of statements."""
    from contextlib import contextmanager

    @contextmanager
    def _count():
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return _count
