"""No log line ever carries a password-reset token: not the mail (development writes it to a
file, production without a mail server drops it), not a request line of the development
server or of the JSON request log, not a failed job's arguments."""

from __future__ import annotations

import logging
import threading
import urllib.parse
import urllib.request
from email import message_from_bytes, policy
from http.cookiejar import CookieJar

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.accounts import services
from app.config import DevConfig, ProdConfig, normalise_database_url
from app.extensions import db
from app.ops.logs import JsonFormatter
from tests.conftest import CSRF_RE, body_text
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "Blaa-Cykel-Under-Taget-77"
EMAIL = "mette@example.org"


def all_log_text(records: list[logging.LogRecord]) -> str:
    """Every record as the text and the JSON handlers would write it, extras included."""
    text, as_json = logging.Formatter("%(name)s %(message)s"), JsonFormatter()
    return "\n".join(f"{text.format(r)}\n{as_json.format(r)}" for r in records)


@pytest.fixture
def made_tokens(monkeypatch) -> list[str]:
    """Every reset token the app makes during the test."""
    tokens: list[str] = []
    original = services.make_reset_token

    def recording(*args, **kwargs):
        tokens.append(original(*args, **kwargs))
        return tokens[-1]

    monkeypatch.setattr(services, "make_reset_token", recording)
    return tokens


def _dispose(application) -> None:
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def test_development_the_whole_reset_flow_logs_no_token(app, database_url, tmp_path,
                                                       monkeypatch, caplog, made_tokens):
    monkeypatch.setenv("SECRET_KEY", "d" * 64)

    class Config(DevConfig):
        SQLALCHEMY_DATABASE_URI = normalise_database_url(database_url)
        MAIL_SERVER = ""
        MAIL_OUTBOX = str(tmp_path / "mail")
        JOBS_REDIS_URL = ""
        PAGE_CACHE_SECONDS = 0

    with app.app_context():
        make_user(pseudonym="Mette", email=EMAIL)
    dev_app = create_app(Config)
    server = make_server("127.0.0.1", 0, dev_app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def page(path: str, form: dict | None = None) -> str:
        if form is not None:
            token = CSRF_RE.search(page(path)).group(1)
            data = urllib.parse.urlencode({"csrf_token": token, **form}).encode()
        with browser.open(base + path, data=None if form is None else data) as response:
            return response.read().decode()

    caplog.set_level(logging.DEBUG)
    try:
        page("/konto/glemt-adgangskode", {"email": EMAIL})
        (token,) = made_tokens
        link = f"/konto/ny-adgangskode/{token}"
        assert "Din adgangskode er skiftet" in page(link, {"password": NEW_PASSWORD,
                                                           "password_confirm": NEW_PASSWORD})
        page(link)  # a used link: the request line is written all the same
    finally:
        server.shutdown()
        _dispose(dev_app)
    logged = all_log_text(caplog.records)
    assert token not in logged
    assert EMAIL not in logged
    assert "/konto/ny-adgangskode/<token>" in logged, "the request lines were captured"
    assert "E-mail reset_password not sent (no MAIL_SERVER): written to" in logged
    (mail,) = (tmp_path / "mail").glob("*-reset_password.eml")  # the developer's copy
    assert link in body_text(message_from_bytes(mail.read_bytes(), policy=policy.default))


def test_production_without_mail_the_reset_flow_logs_no_token(app, database_url, monkeypatch,
                                                             caplog, made_tokens):
    monkeypatch.setenv("SECRET_KEY", "p" * 64)

    class Config(ProdConfig):
        SQLALCHEMY_DATABASE_URI = normalise_database_url(database_url)
        MAIL_SERVER = ""
        MAIL_DISABLED = True
        JOBS_REDIS_URL = ""
        PAGE_CACHE_SECONDS = 0
        LOG_FORMAT = "json"

    with app.app_context():
        make_user(pseudonym="Mette", email=EMAIL)
    prod_app = create_app(Config)
    client = prod_app.test_client()
    https = {"base_url": "https://borgernet.test"}

    def post(path: str, form: dict):
        token = CSRF_RE.search(client.get(path, **https).get_data(as_text=True)).group(1)
        return client.post(path, data={"csrf_token": token, **form}, **https,
                           headers={"Referer": "https://borgernet.test" + path})

    caplog.set_level(logging.DEBUG)
    try:
        assert post("/konto/glemt-adgangskode", {"email": EMAIL}).status_code == 302
        (token,) = made_tokens
        link = f"/konto/ny-adgangskode/{token}"
        response = post(link, {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
        assert response.headers["Location"] == "/konto/log-ind"
        client.get(link, **https)
    finally:
        _dispose(prod_app)
    logged = all_log_text(caplog.records)
    assert token not in logged and PASSWORD not in logged and NEW_PASSWORD not in logged
    assert '"path": "/konto/ny-adgangskode/<token>"' in logged, "the request lines were captured"
    assert "E-mail reset_password not sent: mail is off" in logged


def test_a_failed_jobs_arguments_are_never_a_json_field():
    """RQ's worker logs a failed job with its arguments as extras: for a mail, the whole mail."""
    record = logging.makeLogRecord({"name": "rq.worker", "msg": "job failed", "func": "deliver",
                                    "arguments": (b"...ny-adgangskode/SECRET...",),
                                    "kwargs": {"raw": "SECRET"}})
    line = JsonFormatter().format(record)
    assert "SECRET" not in line and '"func": "deliver"' in line
