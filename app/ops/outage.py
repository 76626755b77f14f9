"""The database cannot be reached: a friendly 503 page with Retry-After, never a traceback.

The page is rendered without the database: the person counts as logged out for the rest of
the request (so nothing loads their account) and the template extends no layout that
might query something. Both languages are carried here, so the page depends on nothing.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, g, jsonify, make_response, render_template, request
from flask_babel import get_locale
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from app.extensions import db, login_manager

log = logging.getLogger(__name__)

# Connection refused or dropped, the server shutting down or starting, no free connection.
OUTAGE_ERRORS = (OperationalError, InterfaceError, PoolTimeoutError)

TEXTS = {
    "da": ("Borgernet er midlertidigt utilgængelig",
           "Vi kan ikke nå vores database lige nu. Det er som regel overstået på et øjeblik. "
           "Vent lidt, og prøv igen. Hvis du var ved at skrive noget, så gå tilbage: teksten "
           "står måske stadig i formularen. Se efter, om den kom med, før du sender den igen.",
           "Prøv igen"),
    "en": ("Borgernet is temporarily unavailable",
           "We cannot reach our database right now. It is usually over in a moment. "
           "Please wait a little and try again. If you were writing something, go back: your "
           "text may still be in the form. Check whether it arrived before you send it again.",
           "Try again"),
}
FALLBACK_HTML = ("<!DOCTYPE html><html lang=\"da\"><meta charset=\"utf-8\">"
                 "<title>Borgernet</title><h1>{title}</h1><p>{text}</p></html>")


def _forget_database_state() -> None:
    """Drop the failed transaction and stop anything from loading the account."""
    try:
        db.session.rollback()
    except Exception:
        log.debug("rollback after a database outage failed", exc_info=True)
    # Even an account loaded earlier in the request was expired by the rollback; reading
    # it (its locale, its name in a header) would query the unreachable database again.
    g._login_user = login_manager.anonymous_user()


def outage_response(error: Exception):
    cause = getattr(error, "orig", None) or error
    log.warning("database unavailable on %s %s: %s", request.method,
                request.url_rule.rule if request.url_rule else "-", type(cause).__name__)
    _forget_database_state()
    locale = str(get_locale() or "da")
    title, text, retry = TEXTS.get(locale, TEXTS["da"])
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        response = jsonify(error=title, detail=text)
    else:
        try:
            body = render_template("errors/503.html", title=title, text=text, retry=retry,
                                   lang=locale if locale in TEXTS else "da")
        except Exception:
            log.exception("the 503 page could not be rendered")
            body = FALLBACK_HTML.format(title=title, text=text)
        response = make_response(body)
    response.status_code = 503
    response.headers["Retry-After"] = str(current_app.config.get("DB_OUTAGE_RETRY_AFTER", 30))
    response.headers["Cache-Control"] = "no-store"
    return response


def close_session_safely(_error: BaseException | None = None) -> None:
    """End the request's session even when the database dropped its connection meanwhile.

    A restart terminates every connection, also those of requests that already have their
    response. Rolling such a session back raises; that would turn a finished page into a
    bare 500. Invalidate the connection instead; the pool opens a new one next time.
    Registered after Flask-SQLAlchemy's teardown, so it runs first; that one then finds
    nothing left to close.
    """
    try:
        db.session.remove()
    except DBAPIError as error:
        log.warning("database connection lost at the end of a request: %s",
                    type(getattr(error, "orig", None) or error).__name__)
        try:
            db.session.invalidate()
        except Exception:
            log.debug("invalidating the session failed", exc_info=True)
        db.session.registry.clear()


def init_app(app: Flask) -> None:
    for error_class in OUTAGE_ERRORS:
        app.register_error_handler(error_class, outage_response)
    app.teardown_appcontext(close_session_safely)
