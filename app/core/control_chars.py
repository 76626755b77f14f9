"""Control characters (NUL and its kind) are refused where text comes in. PostgreSQL cannot
store NUL in text, and none belongs in anything a person types or in an address.

- the address: a path with one answers 404, a query argument with one is ignored
  (``refuse_in_address``);
- a form field (every form derives from ``app.core.forms.Form``): a clear error on the field,
  and the form is shown again with what was typed, less those characters;
- the few plain fields read without a form (``form_text``): a 422 page that shows the text.
Tab, line feed and carriage return are allowed in form fields: they come from a textarea.
"""

from __future__ import annotations

import re

from flask import Flask, abort, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import ImmutableMultiDict

IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
IN_ADDRESS = re.compile(r"[\x00-\x1f\x7f]")
MESSAGE = _l("Feltet indeholder tegn, der ikke kan bruges.")
REMOVED = _l("Vi har fjernet dem. Læs teksten igennem, og send den igen.")


def unusable(text: object) -> bool:
    """True for a text with a control character other than tab and line breaks."""
    return isinstance(text, str) and IN_TEXT.search(text) is not None


def without_unusable(text: str) -> str:
    return IN_TEXT.sub("", text)


def refuse_in_address(app: Flask) -> None:
    """Answer 404 to a path with a control character, and drop a query argument holding one
    (as any other junk value in the query is ignored), before any view or lookup. Register
    it first, so it runs before every other before-request hook."""

    @app.before_request
    def _refuse() -> None:
        if IN_ADDRESS.search(request.path):
            abort(404)
        args = request.args.items(multi=True)
        if any(IN_ADDRESS.search(key) or IN_ADDRESS.search(value) for key, value in args):
            request.args = ImmutableMultiDict(
                [(key, value) for key, value in request.args.items(multi=True)
                 if not IN_ADDRESS.search(key) and not IN_ADDRESS.search(value)])


def form_text(name: str, max_length: int) -> str:
    """A plain form field read without a form class: trimmed and cut to ``max_length``. With a
    control character the request ends in a 422 page that shows the typed text, so nothing
    is lost (the person copies it back once the character is gone)."""
    value = request.form.get(name) or ""
    if unusable(value):
        page = render_template("errors/error.html", code=422, title=_l("Teksten kan ikke bruges"),
                               text=MESSAGE, kept=without_unusable(value))
        abort(make_response(page, 422))
    return value.strip()[:max_length]
