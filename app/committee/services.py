"""Committee use cases: seats, forwarding a passed proposal, receipt, meeting date, answer,
and the reminders of the answer deadline.

Every committee step moves the proposal through its own model transition, writes exactly one
audit entry and records one event (from which every co-author and voter will be notified).
Services flush; the view or the command commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.committee.events import (
    ANSWERED,
    FORWARDED,
    MEETING_SET,
    RECEIVED,
    REMINDER_DUE_DAY,
    REMINDER_WEEK_BEFORE,
)
from app.committee.models import (
    MAX_FORWARDED_COMMENTS,
    REMINDER_DAYS_BEFORE,
    AnswerStatus,
    CommitteeMember,
    ForwardedComment,
    Forwarding,
    due_date,
    local_date,
    local_today,
)
from app.core.audit import record_audit
from app.core.errors import DomainError, InvalidTransition
from app.core.events import Event, record_event
from app.core.models import utcnow
from app.core.vocabulary import EventKind
from app.extensions import db
from app.networks.models import Municipality
from app.proposals.models import Proposal, ProposalComment, ProposalState
from app.proposals.services import close_if_over

COVER_NOTE_MAX = 4000
ANSWER_TEXT_MAX = 10000


ANSWER_DAYS_MIN, ANSWER_DAYS_MAX = 7, 365


def set_answer_deadline(municipality: Municipality, days: int) -> None:
    """How many days the committee has to answer a proposal sent from now on."""
    if not ANSWER_DAYS_MIN <= days <= ANSWER_DAYS_MAX:
        raise DomainError(_("Vælg mellem %(min)s og %(max)s dage.", min=ANSWER_DAYS_MIN,
                            max=ANSWER_DAYS_MAX), field="days")
    municipality.answer_deadline_days = days
    db.session.flush()


def appoint_committee_member(user: User, municipality: Municipality) -> CommitteeMember:
    if db.session.scalar(select(CommitteeMember.id).where(
            CommitteeMember.user_id == user.id,
            CommitteeMember.municipality_id == municipality.id)):
        raise DomainError(_("%(name)s sidder allerede i udvalget.", name=user.pseudonym),
                          field="pseudonym")
    seat = CommitteeMember(user_id=user.id, municipality_id=municipality.id)
    db.session.add(seat)
    db.session.flush()
    return seat


# --- one step = one transition, one audit entry, one event ------------------------------------

def _step(kind: EventKind, actor: User | None, forwarding: Forwarding, proposal: Proposal,
          reason: str = "", **data) -> None:
    record_audit(kind, actor=actor, reason=reason, municipality_id=forwarding.municipality_id,
                 network_id=proposal.network_id, proposal_id=proposal.id)
    record_event(kind, actor=actor, network_id=proposal.network_id, proposal_id=proposal.id,
                 state=proposal.state.value, forwarding_id=forwarding.id,
                 municipality_id=forwarding.municipality_id, **data)


def _locked_proposal(proposal_id: int) -> Proposal:
    """The proposal re-read holding its row, so two moderators cannot forward it twice."""
    return db.session.scalar(select(Proposal).where(Proposal.id == proposal_id)
                             .with_for_update().execution_options(populate_existing=True))


def _locked(forwarding: Forwarding) -> tuple[Forwarding, Proposal]:
    """Both rows re-read under lock: the committee's steps on one proposal happen one at a time."""
    proposal = _locked_proposal(forwarding.proposal_id)
    forwarding = db.session.scalar(
        select(Forwarding).where(Forwarding.id == forwarding.id).with_for_update()
        .execution_options(populate_existing=True))
    return forwarding, proposal


def _clean_text(value: str | None, field: str, empty: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(empty, field=field)
    if len(text) > max_length:
        raise DomainError(_("Teksten må højst være %(max)d tegn.", max=max_length), field=field)
    return text


def _chosen_comments(proposal: Proposal, comment_ids: Iterable[int]) -> list[int]:
    chosen = list(dict.fromkeys(int(i) for i in comment_ids))
    if len(chosen) > MAX_FORWARDED_COMMENTS:
        raise DomainError(_("Du kan højst vælge %(max)d kommentarer.", max=MAX_FORWARDED_COMMENTS),
                          field="comments")
    if chosen:
        found = set(db.session.scalars(select(ProposalComment.id).where(
            ProposalComment.id.in_(chosen), ProposalComment.proposal_id == proposal.id,
            ProposalComment.hidden_at.is_(None))))
        if found != set(chosen):
            raise DomainError(_("Du kan kun vælge kommentarer til dette forslag."),
                              field="comments")
    return chosen


def forward_proposal(actor: User, proposal: Proposal, cover_note: str,
                     comment_ids: Iterable[int] = (), now: datetime | None = None) -> Forwarding:
    """Send a passed proposal to its municipality's committee. Starts the public clock."""
    note = _clean_text(cover_note, "cover_note", _("Skriv et følgebrev til udvalget."),
                       COVER_NOTE_MAX)
    chosen = _chosen_comments(proposal, comment_ids)
    proposal = _locked_proposal(close_if_over(proposal).id)  # a vote over but not closed yet
    if proposal.state is not ProposalState.PASSED:
        raise InvalidTransition(
            _("Forslaget er allerede sendt til udvalget.")
            if proposal.state in (ProposalState.FORWARDED, ProposalState.RECEIVED,
                                  ProposalState.ANSWERED)
            else _("Kun forslag, som netværket har vedtaget, kan sendes til udvalget."))
    if proposal.is_hidden:
        raise DomainError(_("En moderator har skjult forslaget. Det kan ikke sendes til udvalget."))
    proposal.forward()
    now = now or utcnow()
    municipality = db.session.get(Municipality, proposal.network.municipality_id)
    forwarding = Forwarding(
        proposal_id=proposal.id, municipality_id=municipality.id, forwarded_by_id=actor.id,
        cover_note=note, forwarded_at=now,
        due_on=due_date(now, municipality.answer_deadline_days))
    db.session.add(forwarding)
    db.session.flush()
    db.session.add_all([ForwardedComment(forwarding_id=forwarding.id, comment_id=comment_id,
                                         position=position)
                        for position, comment_id in enumerate(chosen, start=1)])
    _step(FORWARDED, actor, forwarding, proposal, reason=note,
          due_on=forwarding.due_on.isoformat(), comment_ids=chosen)
    db.session.flush()
    return forwarding


def record_receipt(actor: User, forwarding: Forwarding, now: datetime | None = None) -> None:
    forwarding, proposal = _locked(forwarding)
    proposal.mark_received()
    forwarding.received_at = now or utcnow()
    _step(RECEIVED, actor, forwarding, proposal)
    db.session.flush()


def set_meeting_date(actor: User, forwarding: Forwarding, meeting_date: date | None) -> None:
    """Put the proposal on a committee meeting's agenda (or move it to another meeting)."""
    if meeting_date is None:
        raise DomainError(_("Skriv datoen for mødet."), field="meeting_date")
    forwarding, proposal = _locked(forwarding)
    if proposal.state is ProposalState.FORWARDED:
        raise InvalidTransition(_("Registrér først, at udvalget har modtaget forslaget."))
    if proposal.state is not ProposalState.RECEIVED:
        raise InvalidTransition(_("Forslaget er allerede besvaret."))
    if meeting_date < local_date(forwarding.forwarded_at):
        raise DomainError(_("Mødet kan ikke ligge før den dag, forslaget blev sendt."),
                          field="meeting_date")
    if meeting_date == forwarding.meeting_date:
        raise DomainError(_("Forslaget står allerede på dagsordenen til det møde."),
                          field="meeting_date")
    previous = forwarding.meeting_date
    forwarding.meeting_date = meeting_date
    reason = (_("Mødedato %(date)s (før %(previous)s)", date=meeting_date.isoformat(),
                previous=previous.isoformat()) if previous
              else _("Mødedato %(date)s", date=meeting_date.isoformat()))
    _step(MEETING_SET, actor, forwarding, proposal, reason=reason,
          meeting_date=meeting_date.isoformat(),
          previous_meeting_date=previous.isoformat() if previous else None)
    db.session.flush()


def record_answer(actor: User, forwarding: Forwarding, status: AnswerStatus | None, text: str,
                  now: datetime | None = None) -> None:
    """The committee's official answer. It is public and cannot be changed afterwards."""
    if status is None:
        raise DomainError(_("Vælg udvalgets beslutning."), field="answer_status")
    answer = _clean_text(text, "answer_text", _("Skriv udvalgets svar."), ANSWER_TEXT_MAX)
    forwarding, proposal = _locked(forwarding)
    if proposal.state is ProposalState.ANSWERED:
        raise InvalidTransition(_("Forslaget er allerede besvaret."))
    proposal.mark_answered()
    forwarding.answer_status = status
    forwarding.answer_text = answer
    forwarding.answered_at = now or utcnow()
    forwarding.answered_by_id = actor.id
    _step(ANSWERED, actor, forwarding, proposal,
          reason=f"{status.label}: {answer}", answer_status=status.value)
    db.session.flush()


# --- reminders ------------------------------------------------------------------------------

def reminder_kind(due_on: date, today: date,
                  kinds: tuple[EventKind, EventKind] = (REMINDER_WEEK_BEFORE, REMINDER_DUE_DAY),
                  ) -> EventKind | None:
    """Which reminder (of `kinds`: a week before, on the day) an answer due on `due_on` should
    have had by `today`, if any. Forwarded proposals and survey periods share the rule."""
    week_before, due_day = kinds
    if today >= due_on:
        return due_day
    if today >= due_on - timedelta(days=REMINDER_DAYS_BEFORE):
        return week_before
    return None


def committee_seats(municipality_ids: Iterable[int]) -> dict[int, list[CommitteeMember]]:
    """The committee members of each municipality, with their users, by municipality id."""
    seats: dict[int, list[CommitteeMember]] = {}
    for seat in db.session.scalars(
            select(CommitteeMember).where(CommitteeMember.municipality_id.in_(set(municipality_ids)))
            .order_by(CommitteeMember.id).options(selectinload(CommitteeMember.user))):
        seats.setdefault(seat.municipality_id, []).append(seat)
    return seats


def send_due_reminders(today: date | None = None) -> int:
    """Remind every committee member of proposals due within a week and on the due day.

    One in-app event per member, proposal and kind of reminder: running it again (or twice
    at once) records nothing new. Returns how many reminders were recorded.
    """
    today = today or local_today()
    horizon = today + timedelta(days=REMINDER_DAYS_BEFORE)
    # Locking the rows makes a second run wait, then see the first run's events.
    forwardings = list(db.session.scalars(
        select(Forwarding).where(Forwarding.answered_at.is_(None), Forwarding.due_on <= horizon)
        .order_by(Forwarding.id).with_for_update(of=Forwarding)
        .options(selectinload(Forwarding.proposal))))
    if not forwardings:
        return 0
    seats = committee_seats(f.municipality_id for f in forwardings)
    sent = {tuple(row) for row in db.session.execute(
        select(Event.kind, Event.proposal_id, Event.recipient_id).where(
            Event.kind.in_((REMINDER_WEEK_BEFORE.name, REMINDER_DUE_DAY.name)),
            Event.proposal_id.in_([f.proposal_id for f in forwardings])))}
    recorded = 0
    for forwarding in forwardings:
        kind = reminder_kind(forwarding.due_on, today)
        if kind is None:
            continue
        for seat in seats.get(forwarding.municipality_id, []):
            if (kind.name, forwarding.proposal_id, seat.user_id) in sent:
                continue
            record_event(kind, recipient=seat.user, network_id=forwarding.proposal.network_id,
                         proposal_id=forwarding.proposal_id, forwarding_id=forwarding.id,
                         municipality_id=forwarding.municipality_id,
                         due_on=forwarding.due_on.isoformat())
            recorded += 1
    db.session.flush()
    return recorded
