"""Domain errors raised by services, and the HTML/JSON error pages."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError

from app.core.redact import request_path

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule of the domain was broken; the message is shown to the user."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidTransition(DomainError):
    pass


ERROR_TEXTS = {
    400: (_l("Forespørgslen kunne ikke bruges"),
          _l("Siden fik data, den ikke kunne bruge. Gå tilbage og prøv igen.")),
    403: (_l("Du har ikke adgang"),
          _l("Du har ikke adgang til denne side eller handling.")),
    404: (_l("Siden findes ikke"),
          _l("Vi kan ikke finde siden. Måske er adressen forkert, eller siden er flyttet.")),
    405: (_l("Det kan du ikke gøre her"),
          _l("Siden kan ikke bruges på den måde.")),
    429: (_l("For mange forsøg"),
          _l("Du har prøvet for mange gange på kort tid. Vent lidt, og prøv igen.")),
    500: (_l("Der skete en fejl"),
          _l("Der skete en fejl hos os. Prøv igen om lidt. Det, du skrev, er måske ikke gemt.")),
}


def _render(code: int, detail: str | None = None):
    title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify(error=str(title), detail=str(detail or text)), code
    return render_template("errors/error.html", code=code, title=title, text=text,
                           detail=detail), code


def _render_after_failure():
    """The 500 page. Whatever failed may have left the database session unusable (a failed
    flush, an aborted PostgreSQL transaction), and the page needs it for the person's menu:
    roll back first. If the page still cannot be built, a plain one goes out, through the
    after-request hooks and so with the security headers, never the server's bare page."""
    from app.extensions import db

    try:
        db.session.rollback()
    except Exception:
        log.warning("Rollback after an error failed", exc_info=True)
    try:
        return _render(500)
    except Exception:
        log.exception("The error page could not be rendered")
        db.session.rollback()
        title, text = ERROR_TEXTS[500]
        body = f"<!doctype html><title>{escape(title)}</title><h1>{escape(title)}</h1>" \
               f"<p>{escape(text)}</p>"
        return make_response(body, 500, {"Content-Type": "text/html; charset=utf-8"})


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(400, str(_l("Formularen var udløbet eller manglede sikkerhedskoden. "
                                   "Gå tilbage, genindlæs siden og prøv igen.")))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        shown = error.code if error.code in ERROR_TEXTS else (500 if error.code >= 500 else 400)
        body, _status = _render(shown)
        response = make_response(body, error.code)
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        log.exception("Unhandled error on %s %s", request.method, request_path())
        return _render_after_failure()

    @app.errorhandler(Exception)
    def unhandled(error: Exception):
        if isinstance(error, HTTPException):
            return http_error(error)
        log.exception("Unhandled error on %s %s", request.method, request_path())
        return _render_after_failure()
