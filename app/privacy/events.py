"""What the privacy feature records: a large export built by the job queue is ready, so the
person is told where they are (the bell, and e-mail if they chose it). create_app registers
``KINDS`` (app.core.vocabulary)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.core.vocabulary import EventKind


def export_page(_row) -> str:
    return url_for("privacy.export_data")


EXPORT_READY = EventKind("privacy.export_ready", _l("Din fil med dine data er klar"),
                         link=export_page)

KINDS = (EXPORT_READY,)
