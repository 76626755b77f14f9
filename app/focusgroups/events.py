"""What the focus groups record: the lottery's news to each volunteer and the reminders.
create_app registers ``KINDS`` (app.core.vocabulary). No event carries contact details."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.core.vocabulary import EventKind


def focus_group_link(row) -> str | None:
    focus_group_id = (getattr(row, "data", None) or {}).get("focus_group_id")
    return url_for("focusgroups.show_focus_group", focus_group_id=focus_group_id) if (
        focus_group_id) else None


def _say(text):
    """A message to the member: `text` with the focus group's topic filled in."""
    return lambda event: text % {"topic": event.data.get("topic", "")}


_selected = _say(_l("Du er udtrukket til fokusgruppen »%(topic)s«. Sig ja eller nej til "
                    "pladsen."))
_waitlisted = _say(_l("Du er på ventelisten til fokusgruppen »%(topic)s«. Vi skriver, hvis du "
                      "får en plads."))
_not_selected = _say(_l("Du blev ikke udtrukket til fokusgruppen »%(topic)s«. Tak, fordi du "
                        "meldte dig."))
_offered = _say(_l("Der er blevet en plads fri i fokusgruppen »%(topic)s«, og den er din, hvis "
                   "du vil. Sig ja eller nej til pladsen."))
_reminder = _say(_l("Husk fokusgruppen »%(topic)s«."))
_cancelled = _say(_l("Fokusgruppen »%(topic)s« er aflyst. Tak, fordi du meldte dig."))

_see = _l("Se fokusgruppen")
SELECTED = EventKind("focusgroup.selected", _l("Udtrukket til en fokusgruppe"),
                     link=focus_group_link, message=_selected, link_text=_see)
WAITLISTED = EventKind("focusgroup.waitlisted", _l("På ventelisten til en fokusgruppe"),
                       link=focus_group_link, message=_waitlisted, link_text=_see)
NOT_SELECTED = EventKind("focusgroup.not_selected", _l("Ikke udtrukket til en fokusgruppe"),
                         link=focus_group_link, message=_not_selected, link_text=_see)
SEAT_OFFERED = EventKind("focusgroup.seat_offered", _l("Tilbudt en plads fra ventelisten"),
                         link=focus_group_link, message=_offered, link_text=_see)
REMINDER = EventKind("focusgroup.reminder", _l("Påmindelse om en fokusgruppe"),
                     link=focus_group_link, message=_reminder, link_text=_see)
CANCELLED = EventKind("focusgroup.cancelled", _l("En fokusgruppe er aflyst"),
                     link=focus_group_link, message=_cancelled, link_text=_see)

KINDS = (SELECTED, WAITLISTED, NOT_SELECTED, SEAT_OFFERED, REMINDER, CANCELLED)
