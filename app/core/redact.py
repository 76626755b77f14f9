"""Secrets stay out of the logs. A path whose URL rule holds a secret (the password-reset
link's token) is logged as its rule, "/konto/ny-adgangskode/<token>": in our own log lines
(``loggable_path``) and in the development server's request lines (``SecretPathFilter``).
Gunicorn's access log is off (gunicorn.conf.py); the JSON request line uses ``loggable_path``.
"""

from __future__ import annotations

import logging
import re

from flask import Flask, request
from werkzeug.routing import Map, Rule

SECRET_ARGUMENTS = ("token", "secret", "code")
MAX_PATH = 200
_ARGUMENT_RE = re.compile(r"<[^>]+>")


def is_secret_rule(rule: Rule | None) -> bool:
    return rule is not None and any(secret in name for name in rule.arguments
                                    for secret in SECRET_ARGUMENTS)


def loggable_path(environ: dict, rule: Rule | None = None) -> str:
    """The path as typed, or the rule when the path holds a secret; at most MAX_PATH long."""
    if is_secret_rule(rule):
        return rule.rule
    raw = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    return raw.encode("latin-1", "replace").decode("utf-8", "replace")[:MAX_PATH]


def request_path() -> str:
    """This request's path, fit for a log line."""
    return loggable_path(request.environ, request.url_rule)


class SecretPathFilter(logging.Filter):
    """Rewrite any path of a secret-holding rule in a log line into the rule itself."""

    def __init__(self, url_map: Map) -> None:
        super().__init__()
        self.patterns = [
            (re.compile("".join(re.escape(part) if n % 2 == 0 else r"[^/?#\s\"']+"
                                for n, part in enumerate(_split(rule.rule)))), rule.rule)
            for rule in url_map.iter_rules() if is_secret_rule(rule)]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = message
        for pattern, rule in self.patterns:
            masked = pattern.sub(rule, masked)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


def _split(rule: str) -> list[str]:
    """'/a/<token>/b' -> ['/a/', '<token>', '/b']: static parts at even places."""
    parts: list[str] = []
    position = 0
    for match in _ARGUMENT_RE.finditer(rule):
        parts += [rule[position:match.start()], match.group(0)]
        position = match.end()
    return [*parts, rule[position:]]


def init_app(app: Flask) -> None:
    """Mask secret paths in the development server's request lines (the "werkzeug" logger).
    Call after the blueprints are registered: the rules are read once, here."""
    logger = logging.getLogger("werkzeug")
    for old in [f for f in logger.filters if isinstance(f, SecretPathFilter)]:
        logger.removeFilter(old)
    logger.addFilter(SecretPathFilter(app.url_map))
