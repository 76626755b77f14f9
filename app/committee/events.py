"""What the committee feature records: each step of a forwarded proposal (an audit entry and an
event of the same kind) and the reminders to committee members. create_app registers
``KINDS`` (app.core.vocabulary)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.vocabulary import EventKind
from app.proposals.events import proposal_link

FORWARDED = EventKind("committee.forwarded", _l("Sendt til udvalget"), link=proposal_link,
                      logged=True)
RECEIVED = EventKind("committee.received", _l("Modtaget af udvalget"), link=proposal_link,
                     logged=True)
MEETING_SET = EventKind("committee.meeting_set", _l("Mødedato sat"), link=proposal_link,
                        logged=True)
ANSWERED = EventKind("committee.answered", _l("Udvalget har svaret"), link=proposal_link,
                     logged=True)
REMINDER_WEEK_BEFORE = EventKind("committee.reminder_week_before",
                                 _l("Påmindelse: svarfristen er om en uge"), link=proposal_link)
REMINDER_DUE_DAY = EventKind("committee.reminder_due_day",
                             _l("Påmindelse: svarfristen er nået"), link=proposal_link)

KINDS = (FORWARDED, RECEIVED, MEETING_SET, ANSWERED, REMINDER_WEEK_BEFORE, REMINDER_DUE_DAY)
