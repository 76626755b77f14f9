"""Template helpers shared by every page."""

from __future__ import annotations

from flask import Flask, has_request_context, request
from flask_babel import format_datetime, get_locale
from flask_babel import lazy_gettext as _l


def register_template_helpers(app: Flask) -> None:
    @app.context_processor
    def _globals() -> dict:
        return {
            "current_locale": str(get_locale() or "da"),
            "current_path": request.full_path.rstrip("?") if has_request_context() else "/",
        }

    app.jinja_env.filters["action_label"] = action_label
    app.jinja_env.filters["datetime"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else "")


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
