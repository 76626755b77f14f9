"""Template helpers shared by every page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache

from babel import Locale
from babel.dates import UTC, DateTimePattern, parse_pattern
from flask import Flask, g, has_app_context, has_request_context, request, url_for
from flask_babel import format_datetime, get_babel, get_locale, get_translations
from flask_babel import lazy_gettext as _l
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup
from pytz import timezone
from werkzeug.routing import BuildError

from app.core.security import language_url

PREDEFINED_FORMATS = ("full", "long", "medium", "short")
_TRANSLATIONS_MEMO = "_borgernet_translations"


def register_template_helpers(app: Flask) -> None:
    @app.context_processor
    def _globals() -> dict:
        return {
            "current_locale": str(get_locale() or "da"),
            "current_path": request.full_path.rstrip("?") if has_request_context() else "/",
        }

    app.jinja_env.filters["action_label"] = action_label
    app.jinja_env.globals["url_for_each"] = UrlForEach
    app.jinja_env.globals["language_url"] = language_url
    app.jinja_env.filters["datetime"] = DatetimeFilter(app)
    # The callables Flask-Babel installs, with the request's translations looked up once
    # instead of at every `_()` (a page calls it dozens of times) ...
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    # ... and the two every template uses written out, so that a call is one function call
    # rather than three through Jinja's wrappers (`_` -> `gettext` -> the callable above).
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext,
                                 ngettext=_template_ngettext)


def _babel_state() -> tuple[Locale | None, object | None]:
    """The locale and domain Flask-Babel has settled on for this request (None until it has).

    Flask-Babel keeps them on ``g``; reading them there skips the proxy look-ups its own
    getters repeat on every call. ``force_locale()`` and ``refresh()`` replace them, so a
    memo keyed on them stays right.
    """
    state = vars(g._get_current_object()).get("_flask_babel")
    return getattr(state, "babel_locale", None), getattr(state, "babel_domain", None)


def _translations():  # noqa: ANN202
    """``flask_babel.get_translations()``, remembered for the request's locale and domain."""
    if not has_app_context():
        return get_translations()
    locale, domain = _babel_state()
    memo = vars(g._get_current_object()).get(_TRANSLATIONS_MEMO)
    if memo is not None and locale is not None and memo[0] is locale and memo[1] is domain:
        return memo[2]
    translations = get_translations()
    locale, domain = _babel_state()
    if locale is not None:
        setattr(g, _TRANSLATIONS_MEMO, (locale, domain, translations))
    return translations


@pass_eval_context
def _template_gettext(eval_ctx: EvalContext, string: str, /, **variables: object) -> str:
    """Jinja's new-style ``gettext``: translated, escaped as the template is, then formatted."""
    text = _translations().ugettext(string)
    if not variables and "%" not in text:  # formatting would return it unchanged
        return Markup(text) if eval_ctx.autoescape else text
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


@pass_eval_context
def _template_ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, /,
                       **variables: object) -> str:
    """Jinja's new-style ``ngettext``; ``num`` is also there for the format string."""
    variables.setdefault("num", num)
    text = _translations().ungettext(singular, plural, num)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


class DatetimeFilter:
    """``value|datetime(fmt)``: exactly ``flask_babel.format_datetime(value, fmt)``, cheaper.

    Flask-Babel resolves the locale, the time zone and the locale's patterns on every call;
    a thread page formats dozens of dates. Here the zone is resolved once, the locale is read
    where Flask-Babel keeps it, and the patterns are parsed once per locale and format. The
    formatting itself is Babel's, in the steps of ``babel.dates.format_datetime``.
    """

    def __init__(self, app: Flask) -> None:
        babel = get_babel(app)
        self.date_formats = babel.instance.date_formats
        self.tzinfo = (timezone(babel.default_timezone) if babel.timezone_selector is None
                       else None)

    def __call__(self, value: datetime | None, fmt: str = "medium") -> str:
        if not value:
            return ""
        if not isinstance(value, datetime) or self.tzinfo is None or not has_app_context():
            return format_datetime(value, fmt)
        locale = _babel_state()[0] or get_locale()
        tzinfo = self.tzinfo
        # babel.dates._ensure_datetime_tzinfo: naive means UTC, then into the display zone.
        # pytz's normalize() there changes nothing after a real conversion (it costs as much
        # as the conversion), only when astimezone() leaves a value already in the zone.
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        moment = aware.astimezone(tzinfo)
        if aware.tzinfo is tzinfo:
            moment = tzinfo.normalize(moment)
        glue, date_pattern, time_pattern = _patterns(locale, self._resolve(fmt))
        if glue is None:
            return date_pattern.apply(moment, locale)
        day = moment.date()
        return (glue.replace("{0}", time_pattern.apply(moment.timetz(), locale, reference_date=day))
                .replace("{1}", date_pattern.apply(day, locale)))

    def _resolve(self, fmt: str | None) -> str:
        """flask_babel._get_format("datetime", fmt): the app may override the named formats."""
        if fmt is None:
            fmt = self.date_formats["datetime"]
        if fmt in PREDEFINED_FORMATS:
            return self.date_formats[f"datetime.{fmt}"] or fmt
        return fmt


@lru_cache(maxsize=64)
def _patterns(locale: Locale, fmt: str) -> tuple[str | None, DateTimePattern, DateTimePattern | None]:
    """The locale's glue ("{1} {0}") with its date and time patterns for a named format,
    or (None, pattern, None) for a pattern of one's own (as babel.dates.format_datetime)."""
    if fmt not in PREDEFINED_FORMATS:
        return None, parse_pattern(fmt), None
    glues = locale.datetime_formats
    glue = glues[fmt if fmt in glues else None]
    return (glue.replace("'", ""), parse_pattern(locale.date_formats[fmt]),
            parse_pattern(locale.time_formats[fmt]))


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


ACTION_LABELS = {
    "reports.dismissed": _l("Anmeldelser afvist"),
    "content.hidden": _l("Skjult"),
    "content.restored": _l("Vist igen"),
    "thread.locked": _l("Tråd låst"),
    "thread.unlocked": _l("Tråd låst op"),
    "thread.pinned": _l("Tråd fastgjort"),
    "thread.unpinned": _l("Fastgørelse fjernet"),
    "member.suspended": _l("Medlem udelukket"),
    "member.unsuspended": _l("Udelukkelse ophævet"),
    "member.warned": _l("Advarsel sendt"),
    "appeal.restored": _l("Klage: vist igen"),
    "appeal.upheld": _l("Klage: forbliver skjult"),
    "committee.forwarded": _l("Sendt til udvalget"),
    "committee.received": _l("Modtaget af udvalget"),
    "committee.meeting_set": _l("Mødedato sat"),
    "committee.answered": _l("Udvalget har svaret"),
}


def action_label(action: str) -> str:
    """The log's action in plain words, in the reader's language (the code if unknown)."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
