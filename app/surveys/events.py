"""What the surveys record. Answers are anonymous and record nothing; the committee's public
"Du sagde — vi gjorde" answer to a period is a step of the public record (the audit log).
create_app registers ``KINDS`` (app.core.vocabulary)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.core.vocabulary import EventKind


def results_link(row) -> str | None:
    slug = (getattr(row, "data", None) or {}).get("municipality_slug")
    period = (getattr(row, "data", None) or {}).get("period")
    return url_for("surveys.show_results", municipality_slug=slug, maaned=period) if slug else None


FOLLOW_UP_PUBLISHED = EventKind("surveys.follow_up_published",
                                _l("Udvalget har svaret på en måneds tilfredshed"),
                                link=results_link, logged=True)

KINDS = (FOLLOW_UP_PUBLISHED,)
