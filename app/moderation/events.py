"""What moderation records: its events (the reports, appeals and messages to members) and the
actions of its log. create_app registers ``KINDS`` (app.core.vocabulary)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from app.core.events import Event
from app.core.vocabulary import EventKind
from app.moderation.targets import url_of_key


def _target_link(event: Event) -> str | None:
    return url_of_key(event.data.get("target"))


# Messages to the member are shown on their profile. As a template's `_()` does, the
# translated text is trusted and what the moderator or the member wrote is escaped.

def _warning(event: Event) -> str:
    return Markup(_("Advarsel: %(text)s")) % {"text": event.data.get("text", "")}


def _hidden(event: Event) -> str:
    return Markup(_("Noget, du skrev, er skjult af en moderator. Begrundelse: %(reason)s")) % {
        "reason": event.data.get("reason", "")}


def _suspended(event: Event) -> str:
    return Markup(_("Du er udelukket fra at skrive i et netværk til og med %(date)s. "
                    "Begrundelse: %(reason)s")) % {
        "date": event.data.get("until", "")[:10], "reason": event.data.get("reason", "")}


def _appeal_decided(event: Event) -> str:
    return (_("Din klage er afgjort: indholdet vises igen.") if event.data.get("restored")
            else _("Din klage er afgjort: indholdet forbliver skjult."))


# --- events -----------------------------------------------------------------------------------
REPORTED = EventKind("moderation.report", _l("Anmeldt til moderatorerne"), link=_target_link)
APPEALED = EventKind("moderation.appeal", _l("Klage over skjult indhold"), link=_target_link)
HIDDEN = EventKind("moderation.hidden", _l("Dit indhold er skjult"), link=_target_link,
                   message=_hidden, link_text=_l("Se det og klag, hvis du er uenig"))
WARNED = EventKind("moderation.warning", _l("Advarsel fra en moderator"), message=_warning)
SUSPENDED = EventKind("moderation.suspended", _l("Du er udelukket"), message=_suspended)
APPEAL_DECIDED = EventKind("moderation.appeal_decided", _l("Din klage er afgjort"),
                           message=_appeal_decided)

# --- actions of the moderation log ------------------------------------------------------------
REPORTS_DISMISSED = EventKind("reports.dismissed", _l("Anmeldelser afvist"), logged=True)
CONTENT_HIDDEN = EventKind("content.hidden", _l("Skjult"), logged=True)
CONTENT_RESTORED = EventKind("content.restored", _l("Vist igen"), logged=True)
THREAD_LOCKED = EventKind("thread.locked", _l("Tråd låst"), logged=True)
THREAD_UNLOCKED = EventKind("thread.unlocked", _l("Tråd låst op"), logged=True)
THREAD_PINNED = EventKind("thread.pinned", _l("Tråd fastgjort"), logged=True)
THREAD_UNPINNED = EventKind("thread.unpinned", _l("Fastgørelse fjernet"), logged=True)
MEMBER_SUSPENDED = EventKind("member.suspended", _l("Medlem udelukket"), logged=True)
MEMBER_UNSUSPENDED = EventKind("member.unsuspended", _l("Udelukkelse ophævet"), logged=True)
MEMBER_WARNED = EventKind("member.warned", _l("Advarsel sendt"), logged=True)
APPEAL_RESTORED = EventKind("appeal.restored", _l("Klage: vist igen"), logged=True)
APPEAL_UPHELD = EventKind("appeal.upheld", _l("Klage: forbliver skjult"), logged=True)
CRISIS_HANDLED = EventKind("crisis.handled", _l("Mulig krise håndteret"), logged=True)

# set_thread_flag's (flag, on) -> the action it logs
THREAD_FLAG_ACTIONS = {("lock", True): THREAD_LOCKED, ("lock", False): THREAD_UNLOCKED,
                       ("pin", True): THREAD_PINNED, ("pin", False): THREAD_UNPINNED}

KINDS = (REPORTED, APPEALED, HIDDEN, WARNED, SUSPENDED, APPEAL_DECIDED,
         REPORTS_DISMISSED, CONTENT_HIDDEN, CONTENT_RESTORED, THREAD_LOCKED, THREAD_UNLOCKED,
         THREAD_PINNED, THREAD_UNPINNED, MEMBER_SUSPENDED, MEMBER_UNSUSPENDED, MEMBER_WARNED,
         APPEAL_RESTORED, APPEAL_UPHELD, CRISIS_HANDLED)
