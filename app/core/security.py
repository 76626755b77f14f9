"""Security headers on every response, safe redirects and the locale choice."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from flask import Flask, Response, request, session
from flask_login import current_user

CSP = ("default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"


def add_security_headers(app: Flask) -> None:
    defaults = [
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if app.config.get("HSTS"):
        defaults.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        # One pass over what the response already has (a view may set its own policy), instead
        # of one scan per header: this runs on every response.
        present = {name.lower() for name, _value in headers}
        headers.extend([(name, value) for name, value in defaults if name.lower() not in present])
        if not request.path.startswith("/static/") and current_user and current_user.is_authenticated:
            headers["Cache-Control"] = "no-store"
            headers["Pragma"] = "no-cache"
        elif "cache-control" not in present and response.mimetype == "text/html":
            headers["Cache-Control"] = "no-cache"
        headers.add("Vary", "Cookie, Accept-Language")
        return response


def safe_next_url(target: str | None, fallback: str) -> str:
    """Return ``target`` only when it is a path on this site; otherwise ``fallback``."""
    if not target:
        return fallback
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    host_url = request.host_url
    joined = urlsplit(urljoin(host_url, target))
    if joined.scheme not in ("http", "https") or joined.netloc != urlsplit(host_url).netloc:
        return fallback
    if any(ord(ch) < 32 for ch in target):
        return fallback
    return target


def select_locale() -> str:
    """The user's saved choice, then the session's, then Accept-Language, then Danish."""
    from flask import current_app, has_request_context

    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config[
        "BABEL_DEFAULT_LOCALE"]
