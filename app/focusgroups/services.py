"""Focus-group use cases: the invitation, volunteering, the lottery, seats, the summary,
the reminders and the deletion of volunteers' data. Services flush; the view or the command
commits, then sends the mails these functions return people for (app/focusgroups/emails.py).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.core.dates import format_when
from app.core.errors import DomainError, InvalidTransition
from app.core.events import Event, record_event
from app.core.models import utcnow
from app.core.sanitize import render_user_markdown
from app.core.vocabulary import EventKind
from app.extensions import db
from app.focusgroups import lottery
from app.focusgroups.events import (
    CANCELLED,
    NOT_SELECTED,
    REMINDER,
    SEAT_OFFERED,
    SELECTED,
    WAITLISTED,
)
from app.focusgroups.models import (
    PURGE_AFTER,
    FocusGroup,
    FocusGroupState,
    MeetingForm,
    QuotaBasis,
    Stratum,
    Volunteer,
    VolunteerStatus,
)
from app.networks.models import BenefitGroup, Municipality, Network
from app.proposals.models import Proposal
from app.proposals.rules import readable_proposals

SUMMARY_MAX = 20000
MAX_LINKED_PROPOSALS = 10
REMIND_BEFORE = timedelta(hours=48)


@dataclass(frozen=True)
class Invitation:
    topic: str
    description: str
    audience: str
    meeting_form: MeetingForm
    starts_at: datetime
    duration_minutes: int
    place: str
    seats: int
    compensation: str
    accessibility: str
    recording: str
    # Seats per group: Stratum keys for QuotaBasis.TIME, BenefitGroup keys for BENEFIT.
    quotas: dict
    quota_basis: QuotaBasis = QuotaBasis.TIME
    # "Tilmelding senest": may be empty in a draft; required to open the invitation.
    closes_at: datetime | None = None


@dataclass(frozen=True)
class Offer:
    stratum: Stratum
    benefit_group: BenefitGroup | None
    preferred_form: MeetingForm | None
    needs: str
    contact: str
    consent: bool


def _checked(invitation: Invitation, now: datetime | None) -> dict:
    """The invitation as column values, once its dates and quotas are possible."""
    now = now or utcnow()
    if invitation.starts_at <= now:
        raise DomainError(_("Mødet skal ligge ude i fremtiden."), field="starts_on")
    if invitation.closes_at is not None:
        if invitation.closes_at <= now:
            raise DomainError(_("Fristen for at melde sig skal ligge ude i fremtiden."),
                              field="closes_on")
        if invitation.closes_at >= invitation.starts_at:
            raise DomainError(_("Fristen for at melde sig skal ligge før mødet."),
                              field="closes_on")
    basis = invitation.quota_basis
    if any(seats and group not in basis.groups for group, seats in invitation.quotas.items()):
        raise DomainError(_("Du har valgt kvoter efter »%(basis)s«. Sæt de andre kvoter til 0.",
                            basis=basis.label), field="quota_basis")
    if sum(invitation.quotas.get(group, 0) for group in basis.groups) > invitation.seats:
        raise DomainError(_("Kvoterne må tilsammen højst være %(seats)d pladser.",
                            seats=invitation.seats), field="quota_basis")
    values = {name: getattr(invitation, name) for name in Invitation.__dataclass_fields__}
    values["quotas"] = {group.value: invitation.quotas.get(group, 0) for group in basis.groups}
    return values


def create_focus_group(actor: User, network: Network, invitation: Invitation,
                       now: datetime | None = None) -> FocusGroup:
    """A draft invitation for the network's members; nobody else sees it until it opens."""
    focus_group = FocusGroup(municipality_id=network.municipality_id, network_id=network.id,
                             organiser_id=actor.id, **_checked(invitation, now))
    db.session.add(focus_group)
    db.session.flush()
    return focus_group


def create_municipal_focus_group(actor: User, municipality: Municipality,
                                 invitation: Invitation,
                                 now: datetime | None = None) -> FocusGroup:
    """A draft invitation for the members of every network in the municipality."""
    focus_group = FocusGroup(municipality_id=municipality.id, network_id=None,
                             organiser_id=actor.id, **_checked(invitation, now))
    db.session.add(focus_group)
    db.session.flush()
    return focus_group


def update_draft(actor: User, focus_group: FocusGroup, invitation: Invitation,
                 now: datetime | None = None) -> FocusGroup:
    """Change a draft; a published invitation (and its quotas) stays as it was published."""
    values = _checked(invitation, now)
    focus_group = _locked(focus_group)
    focus_group.require(FocusGroupState.DRAFT)
    for name, value in values.items():
        setattr(focus_group, name, value)
    db.session.flush()
    return focus_group


def _locked(focus_group: FocusGroup) -> FocusGroup:
    """The row re-read under lock: one step on a focus group at a time."""
    return db.session.scalar(select(FocusGroup).where(FocusGroup.id == focus_group.id)
                             .with_for_update().execution_options(populate_existing=True))


def open_for_volunteers(actor: User, focus_group: FocusGroup, now: datetime | None = None,
                        seed: str | None = None) -> None:
    """Publish the invitation. The lottery's seed is fixed now; its SHA-256 is published."""
    focus_group = _locked(focus_group)
    focus_group.open_for_volunteers(now or utcnow(), seed or secrets.token_hex(16))
    db.session.flush()


def own_volunteer(user, focus_group: FocusGroup) -> Volunteer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Volunteer).where(
        Volunteer.focus_group_id == focus_group.id, Volunteer.user_id == user.id))


def volunteer(actor: User, focus_group: FocusGroup, offer: Offer,
              now: datetime | None = None) -> Volunteer:
    if not offer.consent:
        raise DomainError(_("Du skal give lov til, at arrangøren må få dine kontaktoplysninger, "
                            "hvis du bliver udtrukket."), field="consent")
    contact = offer.contact.strip()
    if not contact:
        raise DomainError(_("Skriv dit telefonnummer eller din e-mailadresse."), field="contact")
    focus_group = _locked(focus_group)
    now = now or utcnow()
    if focus_group.state is FocusGroupState.OPEN and focus_group.volunteering_closed(now):
        raise DomainError(closed_message(focus_group))
    if focus_group.state is not FocusGroupState.OPEN:
        raise InvalidTransition(_("Du kan ikke længere melde dig til fokusgruppen."))
    if own_volunteer(actor, focus_group) is not None:
        raise DomainError(_("Du har allerede meldt dig til fokusgruppen."))
    number = (db.session.scalar(select(func.max(Volunteer.number)).where(
        Volunteer.focus_group_id == focus_group.id)) or 0) + 1
    row = Volunteer(focus_group_id=focus_group.id, user_id=actor.id, number=number,
                    stratum=offer.stratum, benefit_group=offer.benefit_group,
                    preferred_form=offer.preferred_form, needs=offer.needs.strip(),
                    contact=contact, consented_at=now, created_at=now)
    db.session.add(row)
    db.session.flush()
    return row


def closed_message(focus_group: FocusGroup) -> str:
    return _("Tilmeldingen er lukket. Fristen var %(when)s.",
             when=format_when(focus_group.closes_at, "long"))


def withdraw(actor: User, focus_group: FocusGroup) -> None:
    """Take back an offer before the draw: the row and everything in it is deleted."""
    focus_group = _locked(focus_group)
    if focus_group.state is not FocusGroupState.OPEN:
        raise InvalidTransition(_("Lodtrækningen er allerede sket."))
    db.session.execute(delete(Volunteer).where(Volunteer.focus_group_id == focus_group.id,
                                               Volunteer.user_id == actor.id))
    db.session.flush()


def volunteers_of(focus_group: FocusGroup) -> list[Volunteer]:
    return list(db.session.scalars(
        select(Volunteer).where(Volunteer.focus_group_id == focus_group.id)
        .order_by(Volunteer.number).options(selectinload(Volunteer.user))))


def _tell(kind: EventKind, actor: User | None, focus_group: FocusGroup, row: Volunteer) -> None:
    record_event(kind, actor=actor, recipient=row.user, network_id=focus_group.network_id,
                 focus_group_id=focus_group.id, topic=focus_group.topic, number=row.number)


def run_draw(actor: User, focus_group: FocusGroup, now: datetime | None = None) -> list[Volunteer]:
    """Close volunteering and draw the lottery (lottery.draw). Returns the people selected."""
    focus_group = _locked(focus_group)
    focus_group.require(FocusGroupState.OPEN)
    rows = volunteers_of(focus_group)
    if not rows:
        raise DomainError(_("Ingen har meldt sig endnu. Der er ikke noget at trække lod om."))
    basis = focus_group.quota_basis
    entries = [[row.number, row.lottery_group(basis)] for row in rows]
    result = lottery.draw(focus_group.seed, entries, focus_group.quotas, focus_group.seats,
                          basis.order)
    focus_group.record_draw(now or utcnow(), entries, result.as_json())
    by_number = {row.number: row for row in rows}
    selected = [by_number[number] for number in result.selected]
    for row in selected:
        row.status = VolunteerStatus.SELECTED
        _tell(SELECTED, actor, focus_group, row)
    for position, number in enumerate(result.waitlist, start=1):
        row = by_number[number]
        row.status, row.waitlist_position = VolunteerStatus.WAITLISTED, position
        _tell(WAITLISTED, actor, focus_group, row)
    db.session.flush()
    return selected


def accept_seat(actor: User, volunteer_row: Volunteer, now: datetime | None = None) -> None:
    focus_group = _locked(volunteer_row.focus_group)
    db.session.refresh(volunteer_row)
    if (focus_group.state is not FocusGroupState.DRAWN
            or volunteer_row.status is not VolunteerStatus.SELECTED):
        raise InvalidTransition(_("Pladsen kan ikke længere tages imod."))
    volunteer_row.status = VolunteerStatus.ACCEPTED
    volunteer_row.answered_at = now or utcnow()
    db.session.flush()


def give_up_seat(actor: User | None, volunteer_row: Volunteer,
                 now: datetime | None = None) -> Volunteer | None:
    """Say no to a seat (or give it back). The seat goes to the waitlist, same group first;
    returns the person offered it, or None when the waitlist is empty."""
    focus_group = _locked(volunteer_row.focus_group)
    db.session.refresh(volunteer_row)
    if focus_group.state is not FocusGroupState.DRAWN or not volunteer_row.holds_seat:
        raise InvalidTransition(_("Du har ikke en plads, du kan give fra dig."))
    volunteer_row.status = VolunteerStatus.DECLINED
    volunteer_row.answered_at = now or utcnow()
    waiting = [row for row in volunteers_of(focus_group)
               if row.status is VolunteerStatus.WAITLISTED]
    waiting.sort(key=lambda row: row.waitlist_position or 0)
    basis = focus_group.quota_basis
    number = lottery.next_from_waitlist([row.number for row in waiting],
                                        {row.number: row.lottery_group(basis) for row in waiting},
                                        volunteer_row.lottery_group(basis))
    offered = next((row for row in waiting if row.number == number), None)
    if offered is not None:
        offered.status, offered.waitlist_position = VolunteerStatus.SELECTED, None
        _tell(SEAT_OFFERED, actor, focus_group, offered)
    db.session.flush()
    return offered


def tell_not_selected(focus_group: FocusGroup) -> None:
    """When the meeting is held, those still waiting hear that no seat came free."""
    for row in volunteers_of(focus_group):
        if row.status is VolunteerStatus.WAITLISTED:
            row.status = VolunteerStatus.NOT_SELECTED
            _tell(NOT_SELECTED, None, focus_group, row)


def mark_held(actor: User, focus_group: FocusGroup, now: datetime | None = None) -> None:
    focus_group = _locked(focus_group)
    focus_group.mark_held(now or utcnow())
    tell_not_selected(focus_group)
    db.session.flush()


def cancel(actor: User, focus_group: FocusGroup, now: datetime | None = None) -> None:
    """Cancel the meeting; everyone who volunteered is told (their data goes with the purge)."""
    focus_group = _locked(focus_group)
    focus_group.cancel(now or utcnow())
    for row in volunteers_of(focus_group):
        if row.status is not VolunteerStatus.DECLINED:
            _tell(CANCELLED, actor, focus_group, row)
    db.session.flush()


def _linked_proposals(actor: User, proposal_ids: Iterable[int]) -> list[int]:
    chosen = list(dict.fromkeys(int(i) for i in proposal_ids))
    if len(chosen) > MAX_LINKED_PROPOSALS:
        raise DomainError(_("Du kan højst henvise til %(max)d forslag.",
                            max=MAX_LINKED_PROPOSALS), field="proposal_ids")
    if chosen:
        found = set(db.session.scalars(select(Proposal.id).where(
            Proposal.id.in_(chosen), readable_proposals(actor))))
        if found != set(chosen):
            missing = ", ".join(str(i) for i in chosen if i not in found)
            raise DomainError(_("Vi kan ikke finde forslag nummer %(ids)s.", ids=missing),
                              field="proposal_ids")
    return chosen


def publish_summary(actor: User, focus_group: FocusGroup, text: str,
                    proposal_ids: Iterable[int] = (), now: datetime | None = None) -> None:
    """The themes the meeting raised, in Markdown (sanitised once, here), with proposals."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv opsamlingen."), field="summary")
    if len(text) > SUMMARY_MAX:
        raise DomainError(_("Teksten må højst være %(max)d tegn.", max=SUMMARY_MAX),
                          field="summary")
    chosen = _linked_proposals(actor, proposal_ids)
    focus_group = _locked(focus_group)
    focus_group.publish_summary(now or utcnow(), text, render_user_markdown(text), chosen)
    db.session.flush()


# --- the commands: reminders and deletion -------------------------------------------------------

def due_reminders(now: datetime | None = None) -> list[Volunteer]:
    """Remind everyone with a seat of a meeting within 48 hours, once. Returns those reminded."""
    now = now or utcnow()
    groups = list(db.session.scalars(
        select(FocusGroup).where(FocusGroup.state == FocusGroupState.DRAWN,
                                 FocusGroup.starts_at > now,
                                 FocusGroup.starts_at <= now + REMIND_BEFORE)
        .order_by(FocusGroup.id).with_for_update()))
    if not groups:
        return []
    rows = list(db.session.scalars(
        select(Volunteer).where(Volunteer.focus_group_id.in_([g.id for g in groups]),
                                Volunteer.status.in_((VolunteerStatus.SELECTED,
                                                      VolunteerStatus.ACCEPTED)))
        .order_by(Volunteer.id).options(selectinload(Volunteer.user),
                                        selectinload(Volunteer.focus_group))))
    reminded = {(event.recipient_id, event.data.get("focus_group_id")) for event in
                db.session.scalars(select(Event).where(
                    Event.kind == REMINDER.name,
                    Event.recipient_id.in_({row.user_id for row in rows})))}
    sent = []
    for row in rows:
        if (row.user_id, row.focus_group_id) in reminded:
            continue
        _tell(REMINDER, None, row.focus_group, row)
        sent.append(row)
    db.session.flush()
    return sent


def purge_volunteers(now: datetime | None = None) -> int:
    """Delete the volunteers of meetings more than 30 days ago (and of cancelled ones); the
    published lottery (seed, quotas, numbers and strata) stays. Returns the rows deleted."""
    now = now or utcnow()
    groups = list(db.session.scalars(
        select(FocusGroup).where(FocusGroup.volunteers_purged_at.is_(None),
                                 FocusGroup.starts_at <= now - PURGE_AFTER)))
    if not groups:
        return 0
    deleted = db.session.execute(delete(Volunteer).where(
        Volunteer.focus_group_id.in_([g.id for g in groups]))).rowcount
    for focus_group in groups:
        focus_group.volunteers_purged_at = now
    db.session.flush()
    return deleted or 0
