"""JSON logs on request: one line per request, and nothing that points at a person."""

from __future__ import annotations

import io
import json
import logging

import pytest

from app import create_app
from app.config import normalise_database_url
from app.extensions import db
from app.ops.logs import JsonFormatter

REQUEST_FIELDS = {"ts", "level", "logger", "msg", "method", "path", "route", "status",
                  "duration_ms"}


@pytest.fixture
def json_log(app, database_url):
    """An app with LOG_FORMAT=json, its log lines collected in a buffer."""
    root = logging.getLogger()
    level = root.level
    application = create_app({"TESTING": True, "LOG_FORMAT": "json",
                              "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url)})
    (handler,) = [h for h in root.handlers if isinstance(h.formatter, JsonFormatter)]
    buffer = io.StringIO()
    handler.setStream(buffer)

    def lines() -> list[dict]:
        return [json.loads(line) for line in buffer.getvalue().splitlines()]

    yield application, lines
    root.removeHandler(handler)
    root.setLevel(level)
    with application.app_context():
        db.engine.dispose()


def _requests(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "borgernet.request"]


def test_one_json_line_per_request_with_only_the_agreed_fields(json_log):
    application, lines = json_log
    client = application.test_client()
    client.get("/healthz?email=someone@example.org",
               headers={"User-Agent": "Firefox", "X-Forwarded-For": "203.0.113.9"})
    client.get("/findes-ikke", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    logged = _requests(lines())
    assert [(line["method"], line["path"], line["status"]) for line in logged] == [
        ("GET", "/healthz", 200), ("GET", "/findes-ikke", 404)]
    for line in logged:
        assert set(line) == REQUEST_FIELDS
        assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    text = json.dumps(logged)
    for personal in ("203.0.113.9", "198.51.100.7", "127.0.0.1", "someone@example.org", "Firefox"):
        assert personal not in text
    assert logged[0]["route"] == "/healthz" and logged[1]["route"] is None


def test_a_secret_in_the_path_is_logged_as_the_rule(json_log):
    application, lines = json_log
    application.test_client().get("/konto/ny-adgangskode/hemmelig-nulstillingsnoegle")
    (line,) = _requests(lines())
    assert "hemmelig" not in json.dumps(line)
    assert line["path"] == line["route"] == "/konto/ny-adgangskode/<token>"


def test_other_log_records_are_json_too(json_log):
    _application, lines = json_log
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("borgernet.test").exception("it failed")
    (line,) = [line for line in lines() if line["logger"] == "borgernet.test"]
    assert line["level"] == "error" and line["msg"] == "it failed"
    assert line["exc_type"] == "ValueError" and "boom" in line["exc"]


def test_text_logs_stay_the_default(app):
    assert app.config["LOG_FORMAT"] == "text"
    assert not any(isinstance(h.formatter, JsonFormatter) for h in logging.getLogger().handlers)
