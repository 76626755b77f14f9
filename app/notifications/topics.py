"""The topics a person chooses delivery for: each groups event kinds that mean the same to the
person ("svar i mine tråde"), with a default and the words for the settings page and the
content-free digest (a count per topic, never what was written)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from app.committee import events as committee
from app.core.guard import CRISIS_ALERT
from app.focusgroups import events as focusgroups
from app.forum import events as forum
from app.moderation import events as moderation
from app.networks import events as networks
from app.notifications.models import Delivery
from app.privacy import events as privacy
from app.proposals import events as proposals
from app.surveys import events as surveys


@dataclass(frozen=True)
class Topic:
    key: str
    label: Any  # the settings page
    count_one: Any  # the digest: "1 nyt svar i dine tråde"
    count_many: Any
    kinds: tuple[str, ...]
    default: Delivery = Delivery.WEEKLY
    staff: bool = False  # shown in the settings only to moderators, committee members, admins


TOPICS = (
    Topic("replies", _l("Svar i dine tråde og citater af det, du har skrevet"),
          _l("%(num)d nyt svar i en tråd, du følger"), _l("%(num)d nye svar i tråde, du følger"),
          (forum.REPLIED.name,)),
    Topic("invitations", _l("Invitationer til at skrive et forslag sammen med andre"),
          _l("%(num)d invitation til at skrive med på et forslag"),
          _l("%(num)d invitationer til at skrive med på forslag"),
          (proposals.COAUTHOR_INVITED.name,)),
    Topic("membership", _l("Svar på din anmodning om at blive medlem af et netværk"),
          _l("%(num)d svar på en anmodning om at blive medlem"),
          _l("%(num)d svar på anmodninger om at blive medlem"),
          (networks.MEMBERSHIP_APPROVED.name, networks.MEMBERSHIP_DECLINED.name)),
    Topic("votes", _l("Afstemninger, der åbner i dine netværk"),
          _l("%(num)d afstemning er åbnet"), _l("%(num)d afstemninger er åbnet"),
          (proposals.VOTING_OPENED.name,)),
    Topic("proposals", _l("Nyt om forslag, du har skrevet, stemt om eller følger"),
          _l("%(num)d nyt om et forslag"), _l("%(num)d nyt om forslag"),
          (proposals.VOTING_CLOSED.name, proposals.WITHDRAWN.name, committee.FORWARDED.name,
           committee.RECEIVED.name, committee.MEETING_SET.name)),
    Topic("answers", _l("Udvalgets svar på forslag, du har skrevet, stemt om eller følger"),
          _l("%(num)d svar fra udvalget"), _l("%(num)d svar fra udvalget"),
          (committee.ANSWERED.name,)),
    Topic("moderation", _l("Moderatorernes beslutninger om det, du har skrevet"),
          _l("%(num)d besked fra moderatorerne"), _l("%(num)d beskeder fra moderatorerne"),
          (moderation.HIDDEN.name, moderation.WARNED.name, moderation.SUSPENDED.name,
           moderation.APPEAL_DECIDED.name)),
    Topic("focusgroups", _l("Fokusgrupper, du har meldt dig til"),
          _l("%(num)d nyt om en fokusgruppe"), _l("%(num)d nyt om fokusgrupper"),
          (focusgroups.SELECTED.name, focusgroups.WAITLISTED.name, focusgroups.NOT_SELECTED.name,
           focusgroups.SEAT_OFFERED.name, focusgroups.REMINDER.name, focusgroups.CANCELLED.name)),
    Topic("own_data", _l("Når en fil med dine egne data er klar til at blive hentet"),
          _l("%(num)d fil med dine data er klar"), _l("%(num)d filer med dine data er klar"),
          (privacy.EXPORT_READY.name,), default=Delivery.NOW),
    Topic("staff_reports", _l("Nye anmeldelser og krisealarmer i netværk, du er moderator for"),
          _l("%(num)d ny anmeldelse eller krisealarm"),
          _l("%(num)d nye anmeldelser eller krisealarmer"),
          (moderation.REPORTED.name, CRISIS_ALERT.name), default=Delivery.NOW, staff=True),
    Topic("staff_committee", _l("Forslag sendt til udvalget, og påmindelser om svarfrister"),
          _l("%(num)d nyt forslag eller påmindelse til udvalget"),
          _l("%(num)d nye forslag eller påmindelser til udvalget"),
          (committee.REMINDER_WEEK_BEFORE.name, committee.REMINDER_DUE_DAY.name,
           surveys.FOLLOW_UP_REMINDER_WEEK_BEFORE.name, surveys.FOLLOW_UP_REMINDER_DUE_DAY.name),
          default=Delivery.NOW, staff=True),
)  # committee.forwarded reaches committee members as staff_committee too (recipients.py)
BY_KEY = {topic.key: topic for topic in TOPICS}
BY_KIND = {kind: topic for topic in TOPICS for kind in topic.kinds}
