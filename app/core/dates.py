"""Dates and times as readers see them, and as HTML states them.

Danish pages keep Flask-Babel's Danish formats ("02.12.2026 21.02"). English pages get an
international style instead of the American one Babel's ``en`` gives ("12/2/26, 9:02 PM"):
day, month, year and a 24-hour clock, "2 Dec 2026, 21:02". A pattern of one's own
("MMMM y") is used as it is in both languages.

``<time datetime>`` wants a valid global date and time: at most three digits of a second,
so ``html_datetime`` gives whole seconds in UTC ("2026-12-02T20:02:00Z").
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_babel import format_date, format_datetime, get_locale

ENGLISH_DATETIME = {"short": "d MMM y, HH:mm", "medium": "d MMM y, HH:mm",
                    "long": "d MMMM y, HH:mm", "full": "EEEE d MMMM y, HH:mm zzzz"}
ENGLISH_DATE = {"short": "d MMM y", "medium": "d MMM y", "long": "d MMMM y",
                "full": "EEEE d MMMM y"}


def _english() -> bool:
    locale = get_locale()
    return locale is not None and locale.language == "en"


def format_when(value: datetime | None, fmt: str | None = None) -> str:
    """A moment in the reader's language and the app's time zone; nothing for no value
    (Flask-Babel would show the time now)."""
    if not value:
        return ""
    if _english():
        fmt = ENGLISH_DATETIME.get(fmt or "medium", fmt)
    return format_datetime(value, fmt)


def format_day(value: date | datetime | None, fmt: str | None = None) -> str:
    """A day in the reader's language; nothing for no value."""
    if not value:
        return ""
    if _english():
        fmt = ENGLISH_DATE.get(fmt or "medium", fmt)
    return format_date(value, fmt)


def html_datetime(value: datetime | None) -> str:
    """The moment for a ``<time datetime>`` attribute: UTC, whole seconds, a trailing Z.
    A naive value is taken as UTC, as the database stores it."""
    if value is None:
        return ""
    moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
