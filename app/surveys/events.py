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

def follow_up_link(row) -> str | None:
    """The committee's page for answering the period (a reminder leads there)."""
    data = getattr(row, "data", None) or {}
    if not data.get("municipality_slug") or not data.get("period"):
        return None
    return url_for("surveys.follow_up_period", municipality_slug=data["municipality_slug"],
                   period=data["period"])


# Reminders to committee members, as for a forwarded proposal: a week before and on the day the
# answer to a closed period is due (follow_up.send_due_reminders, `flask remind-committee`).
FOLLOW_UP_REMINDER_WEEK_BEFORE = EventKind(
    "surveys.follow_up_reminder_week_before",
    _l("Påmindelse: svaret på en måneds tilfredshed skal gives om en uge"), link=follow_up_link)
FOLLOW_UP_REMINDER_DUE_DAY = EventKind(
    "surveys.follow_up_reminder_due_day",
    _l("Påmindelse: svaret på en måneds tilfredshed skal gives i dag"), link=follow_up_link)

KINDS = (FOLLOW_UP_PUBLISHED, FOLLOW_UP_REMINDER_WEEK_BEFORE, FOLLOW_UP_REMINDER_DUE_DAY)
