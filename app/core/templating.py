"""Template helpers shared by every page.

Translation is Flask-Babel's own, as it installs it: the templates' ``_``/``gettext``/
``ngettext``. Dates go through app.core.dates: the ``datetime`` and ``dateformat`` filters
(Flask-Babel's formats, with an international style on English pages) and ``html_datetime``
for ``<time datetime>``. An earlier
copy of their insides saved 0.4-1 ms of Python on a built page, which no reader felt (visitors
get cached pages); bench/README.md has the measurement and the decision.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, has_request_context, request, url_for
from flask_babel import get_locale
from werkzeug.routing import BuildError

from app.core.dates import format_day, format_when, html_datetime
from app.core.forms import page_has_form_errors
from app.core.security import language_url
from app.core.vocabulary import kind, label_of


def register_template_helpers(app: Flask) -> None:
    @app.context_processor
    def _globals() -> dict:
        return {
            "current_locale": str(get_locale() or "da"),
            "current_path": request.full_path.rstrip("?") if has_request_context() else "/",
        }

    # A stored event kind or audit action in words, and its declared kind (app.core.vocabulary).
    app.jinja_env.filters["action_label"] = label_of
    app.jinja_env.globals["event_kind"] = kind
    app.jinja_env.globals["url_for_each"] = UrlForEach
    app.jinja_env.globals["language_url"] = language_url
    app.jinja_env.globals["page_has_form_errors"] = page_has_form_errors
    app.jinja_env.filters["datetime"] = format_when
    app.jinja_env.filters["dateformat"] = format_day
    app.jinja_env.filters["html_datetime"] = html_datetime


class UrlForEach:
    """``url_for(endpoint, key=id, **values)`` for the many ids on one page.

    Werkzeug finds the rule and encodes every value for each URL it builds; a page of twenty
    posts needs the same few links for each post. Here the URL is built once, on first use,
    with a marker id, and each call puts the id where the marker was. An id that is not an
    int, or a URL where the marker is not found exactly once, goes to ``url_for`` as before.
    """

    MARKER = 918273645546372819  # no database id comes near it

    def __init__(self, endpoint: str, key: str, **values: object) -> None:
        self.endpoint, self.key, self.values = endpoint, key, values
        self._parts: tuple[str, str] | None = None

    def __call__(self, id_: object) -> str:
        if type(id_) is not int:
            return self._build(id_)
        if self._parts is None:
            self._parts = self._split()
        head, tail = self._parts
        return f"{head}{id_}{tail}" if head else self._build(id_)

    def shape(self) -> tuple[str, str] | None:
        """The URL's text before and after the id: equal shapes give equal URLs for an id."""
        if self._parts is None:
            self._parts = self._split()
        return self._parts if self._parts[0] else None

    def _build(self, id_: object) -> str:
        return url_for(self.endpoint, **self.values, **{self.key: id_})

    def _split(self) -> tuple[str, str]:
        """The URL around the marker, or ("", "") when it cannot stand for the ids."""
        marker = str(self.MARKER)
        try:
            head, found, tail = self._build(self.MARKER).partition(marker)
        except (BuildError, ValueError):
            return "", ""
        return (head, tail) if found and marker not in tail else ("", "")


class OnDemand:
    """What a page shows only to some readers, made the first time the template asks for it.

    ``shown=OnDemand(vote_form=VoteForm)`` in the view, ``shown.vote_form`` in the template:
    a form costs its fields and a CSRF token even on the page of a reader who sees none of it.
    """

    def __init__(self, **makers: Callable[[], object]) -> None:
        self._makers = makers

    def __getattr__(self, name: str) -> object:
        try:
            make = self._makers[name]
        except KeyError:
            raise AttributeError(name) from None
        value = make()
        setattr(self, name, value)
        return value
