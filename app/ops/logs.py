"""JSON logs on request (LOG_FORMAT=json): one object per line, one line per request.

A request line holds method, path, route, status and duration_ms and nothing about the
person: no address, no user id, no query string, no user agent (minimal logs are part of
the privacy promise). Paths whose rule carries a secret (a password-reset token) are logged
as the rule, never as typed.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime

from flask import Flask, request

from app.core.redact import loggable_path

REQUEST_LOGGER = "borgernet.request"
_HANDLER_MARK = "_borgernet_json_handler"
# Attributes every LogRecord has; anything else was passed with `extra=` and is a field.
_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
# Never fields: RQ's worker attaches a failed job's arguments, and an e-mail job's argument is
# the whole mail, reset link and all.
_NEVER_LOGGED = frozenset({"arguments", "kwargs"})


class JsonFormatter(logging.Formatter):
    """Render a log record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _NEVER_LOGGED and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


def configure_json_logging(level: str = "INFO", stream=None) -> logging.Handler:
    """Send every log record through one JSON handler on the root logger (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_MARK, False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    setattr(handler, _HANDLER_MARK, True)
    root.addHandler(handler)
    root.setLevel(level)
    return handler


ROUTE_KEY = "borgernet.url_rule"


class RequestLogMiddleware:
    """Time the whole of Flask's handling of a request and log it once, however it ended."""

    def __init__(self, wsgi_app, logger: logging.Logger) -> None:
        self.wsgi_app = wsgi_app
        self.logger = logger

    def __call__(self, environ: dict, start_response):
        started = time.perf_counter()
        seen: list[int] = []

        def _start_response(status: str, headers, exc_info=None):
            seen.append(int(status.split(" ", 1)[0]))
            return start_response(status, headers, exc_info)

        try:
            return self.wsgi_app(environ, _start_response)
        finally:
            rule = environ.get(ROUTE_KEY)
            self.logger.info("request", extra={
                "method": environ.get("REQUEST_METHOD", ""),
                "path": loggable_path(environ, rule),
                "route": rule.rule if rule is not None else None,
                "status": seen[-1] if seen else 500,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
            })


def init_app(app: Flask) -> None:
    if app.config.get("LOG_FORMAT") != "json":
        return
    from flask.logging import default_handler

    configure_json_logging(app.config.get("LOG_LEVEL", "INFO"))
    app.logger.removeHandler(default_handler)  # its text lines would double the JSON ones
    app.wsgi_app = RequestLogMiddleware(app.wsgi_app, logging.getLogger(REQUEST_LOGGER))

    @app.url_value_preprocessor
    def _remember_rule(_endpoint, _values) -> None:
        """Runs before any before_request hook, so the rule is known however the request ends."""
        if request.url_rule is not None:
            request.environ[ROUTE_KEY] = request.url_rule
