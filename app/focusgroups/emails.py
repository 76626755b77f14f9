"""The focus groups' mails (a seat, a seat from the waitlist, a reminder), each with the
meeting as an ``.ics`` calendar file; built after the commit. The calendar file is also a
download on the focus group's page for the person with a seat."""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from app.core import mail
from app.core.models import utcnow
from app.focusgroups.models import FocusGroup, MeetingForm, Volunteer

CALENDAR_MIMETYPE = "text/calendar"


def page_link(focus_group: FocusGroup) -> str:
    return mail.mailed_url("focusgroups.show_focus_group", focus_group_id=focus_group.id)


def calendar_file(focus_group: FocusGroup, now: datetime | None = None) -> bytes:
    """The meeting as an iCalendar file (RFC 5545): one event, times in UTC, a stable UID."""
    calendar = Calendar()
    calendar.add("prodid", "-//Borgernet//Fokusgrupper//DA")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = CalendarEvent()
    event.add("uid", f"focusgroup-{focus_group.id}@borgernet")
    event.add("dtstamp", now or utcnow())
    event.add("dtstart", focus_group.starts_at.replace(microsecond=0))
    event.add("dtend", focus_group.ends_at.replace(microsecond=0))
    event.add("summary", _("Fokusgruppe: %(topic)s", topic=focus_group.topic))
    where = focus_group.place or focus_group.meeting_form.label
    if focus_group.meeting_form is not MeetingForm.IN_PERSON:
        where = f"{focus_group.meeting_form.label}: {where}" if focus_group.place else where
    event.add("location", where)
    event.add("description", _("Læs mere og giv besked, hvis du ikke kan komme: %(link)s",
                               link=page_link(focus_group)))
    event.add("url", page_link(focus_group))
    calendar.add_component(event)
    return calendar.to_ical()


def calendar_filename(focus_group: FocusGroup) -> str:
    return f"fokusgruppe-{focus_group.id}.ics"


SUBJECTS = {
    "selected": _l("Du er udtrukket til en fokusgruppe"),
    "offered": _l("Der er en plads til dig i en fokusgruppe"),
    "reminder": _l("Påmindelse: fokusgruppe"),
}


def send_news(row: Volunteer, news: str) -> None:
    """One mail to the account's own address, in its language, with the calendar file."""
    focus_group, user = row.focus_group, row.user
    locale = user.locale or "da"
    with force_locale(locale):
        ics = calendar_file(focus_group)
    mail.send_mail(user.email, SUBJECTS[news], "focusgroup_news", locale=locale,
                   attachments=[mail.Attachment(calendar_filename(focus_group), ics,
                                                CALENDAR_MIMETYPE)],
                   news=news, user=user, focus_group=focus_group, link=page_link(focus_group))


def send_all(rows: list[Volunteer], news: str) -> None:
    for row in rows:
        send_news(row, news)
