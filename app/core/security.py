"""Security headers on every response, safe redirects and the locale choice."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from flask import Flask, Response, has_request_context, request, session, url_for
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.serving import WSGIRequestHandler

CSP = ("default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"


def security_headers(config) -> list[tuple[str, str]]:
    """The headers every response carries (static files too, see app/ops/static.py)."""
    headers = [
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", PERMISSIONS_POLICY),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if config.get("HSTS"):
        headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    return headers


def add_security_headers(app: Flask) -> None:
    defaults = security_headers(app.config)

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


def trust_proxy(app: Flask) -> None:
    """Behind TRUSTED_PROXY_HOPS proxies, take the client's address from X-Forwarded-For.

    Only the last that many entries are believed (each proxy appends the address it saw), so
    a client cannot forge its way past the rate limits, which key on ``request.remote_addr``.
    Call it last in create_app, so the correction wraps every other middleware.
    """
    hops = app.config.get("TRUSTED_PROXY_HOPS") or 0
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=0)


SERVER_NAME = "Borgernet"


def _server_name(_handler: WSGIRequestHandler) -> str:
    return SERVER_NAME


def hide_server_version() -> None:
    """The development server (`flask run`, the tests' live server) names itself in the
    Server header without Werkzeug's and Python's versions. Werkzeug writes that header in the
    server itself, after the app has answered, so it is set on the request handler class.
    Gunicorn sends "gunicorn" without a version; nginx needs `server_tokens off;`."""
    WSGIRequestHandler.version_string = _server_name


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


# A visitor who is not logged in picks a language with a plain link (?sprog=en): the choice
# travels in the address, so reading needs no cookie, no form and no state on the server,
# and every reader of the same address gets the same page (which the page cache relies on).
# Logged-in people save their choice on their profile through the POST form.
LANGUAGE_ARG = "sprog"


def language_in_address() -> str | None:
    """The language a visitor asked for in the address, if it is one we have."""
    from flask import current_app

    chosen = request.args.get(LANGUAGE_ARG)
    return chosen if chosen in current_app.config["LANGUAGES"] else None


def select_locale() -> str:
    """The user's saved choice; for visitors the address, then the session's choice; then
    Accept-Language, then Danish."""
    from flask import current_app

    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated:
        if current_user.locale in languages:
            return current_user.locale
    elif chosen := language_in_address():
        return chosen
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config[
        "BABEL_DEFAULT_LOCALE"]


def keep_language_in_links(app: Flask) -> None:
    """Every link built for a visitor who chose a language in the address keeps that choice."""

    @app.url_defaults
    def _keep_language(endpoint: str, values: dict) -> None:
        if endpoint == "static" or LANGUAGE_ARG in values or not has_request_context():
            return
        chosen = language_in_address()
        if chosen and not current_user.is_authenticated:
            values[LANGUAGE_ARG] = chosen


def language_url(locale: str) -> str:
    """This page in another language, for a visitor (the header's language link)."""
    if request.endpoint and request.url_rule is not None and "GET" in request.url_rule.methods:
        args = request.args.to_dict(flat=False)
        args[LANGUAGE_ARG] = [locale]
        return url_for(request.endpoint, **(request.view_args or {}), **args)
    return url_for("pages.home", **{LANGUAGE_ARG: locale})
