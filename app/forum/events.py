"""What the forum records for notifications: a reply (who wrote in which thread, and whose
post it quoted). create_app registers ``KINDS`` (app.core.vocabulary)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.core.vocabulary import EventKind


def post_link(row) -> str | None:
    post_id = (getattr(row, "data", None) or {}).get("post_id")
    return url_for("forum.show_post", post_id=post_id) if post_id else None


REPLIED = EventKind("forum.replied", _l("Nyt svar i en tråd"), link=post_link)

KINDS = (REPLIED,)
