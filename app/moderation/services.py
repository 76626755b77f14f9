"""Moderation use cases. Every action writes exactly one audit entry (app.core.audit)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.accounts.models import User
from app.core.audit import record_audit
from app.core.errors import DomainError
from app.core.events import Event, record_event
from app.core.guard import CRISIS_ALERT
from app.core.models import utcnow
from app.core.vocabulary import EventKind
from app.extensions import db
from app.forum.models import Thread
from app.moderation import events as kinds
from app.moderation.models import (
    Appeal,
    AppealStatus,
    HandledCrisisAlert,
    Report,
    ReportReason,
    ReportStatus,
)
from app.moderation.targets import Target
from app.networks.models import Membership, Network


def _audit(action: EventKind, actor: User, target: Target | None = None, reason: str = "",
           network: Network | None = None, subject: User | None = None) -> None:
    network = network or (target.network if target else None)
    record_audit(action, actor=actor, reason=reason, network_id=network.id if network else None,
                 municipality_id=network.municipality_id if network else None,
                 subject_user=subject, **(target.fk if target else {}))


def report(actor: User, target: Target, reason: ReportReason, text: str) -> Report:
    if reason is ReportReason.OTHER and not text.strip():
        raise DomainError(_("Skriv, hvad problemet er."), field="text")
    entry = Report(network_id=target.network.id, reporter_id=actor.id, reason=reason,
                   text=text.strip(), **target.fk)
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError:
        raise DomainError(_("Du har allerede anmeldt dette. En moderator ser på det.")) from None
    record_event(kinds.REPORTED, actor=actor, network_id=target.network.id,
                 target=target.key)
    db.session.flush()
    return entry


def _resolve_reports(actor: User, target: Target, status: ReportStatus) -> int:
    column = getattr(Report, f"{target.kind}_id")
    return db.session.execute(
        update(Report).where(column == target.obj.id, Report.status == ReportStatus.OPEN)
        .values(status=status, resolved_at=utcnow(), resolved_by_id=actor.id)).rowcount


def dismiss_reports(actor: User, target: Target, reason: str = "") -> None:
    if not _resolve_reports(actor, target, ReportStatus.DISMISSED):
        raise DomainError(_("Der er ingen åbne anmeldelser af dette."))
    _audit(kinds.REPORTS_DISMISSED, actor, target, reason)
    db.session.flush()


def _set_hidden(actor: User, target: Target, hidden: bool, reason: str) -> None:
    obj = target.obj
    if hidden == obj.is_hidden:
        raise DomainError(_("Det er allerede skjult.") if hidden else _("Det er ikke skjult."))
    obj.hidden_at = utcnow() if hidden else None
    obj.hidden_reason = reason if hidden else None
    obj.hidden_by_id = actor.id if hidden else None
    if target.kind == "thread":  # public thread counts never include hidden threads
        network = target.network
        network.thread_count = Network.thread_count + (-1 if hidden else 1)


def hide(actor: User, target: Target, reason: str) -> None:
    if not reason.strip():
        raise DomainError(_("Skriv en begrundelse. Den bliver vist i stedet for indholdet."),
                          field="reason")
    _set_hidden(actor, target, True, reason.strip())
    _resolve_reports(actor, target, ReportStatus.ACTIONED)
    _audit(kinds.CONTENT_HIDDEN, actor, target, reason)
    if target.author_id:
        record_event(kinds.HIDDEN, actor=actor, recipient=db.session.get(
            User, target.author_id), network_id=target.network.id, target=target.key,
            reason=reason.strip())
    db.session.flush()


def restore(actor: User, target: Target, reason: str = "") -> None:
    _set_hidden(actor, target, False, "")
    # An open appeal is settled in the author's favour: it leaves the queue, the author is told.
    entry = open_appeal_for(target)
    if entry is not None and entry.status is AppealStatus.OPEN:
        entry.status, entry.decided_at, entry.decided_by_id = (AppealStatus.RESTORED, utcnow(),
                                                               actor.id)
        if target.author_id:
            record_event(kinds.APPEAL_DECIDED, actor=actor, recipient=db.session.get(
                User, target.author_id), network_id=target.network.id, target=target.key,
                restored=True, reason=reason)
    _audit(kinds.CONTENT_RESTORED, actor, target, reason)
    db.session.flush()


def set_thread_flag(actor: User, target: Target, flag: str, on: bool, reason: str = "") -> None:
    """Lock or unlock, pin or unpin a thread."""
    thread: Thread = target.obj
    if flag == "lock":
        if thread.is_locked == on:
            raise DomainError(_("Tråden er allerede låst.") if on else _("Tråden er ikke låst."))
        if on and not reason.strip():
            raise DomainError(_("Skriv hvorfor tråden bliver låst. Det bliver vist i tråden."),
                              field="reason")
        thread.is_locked, thread.lock_reason = on, (reason.strip() if on else None)
    elif flag == "pin":
        if thread.is_pinned == on:
            raise DomainError(_("Tråden er allerede fastgjort.") if on
                              else _("Tråden er ikke fastgjort."))
        thread.is_pinned = on
    else:
        raise DomainError(_("Ukendt handling."))
    _audit(kinds.THREAD_FLAG_ACTIONS[flag, on], actor, target, reason)
    db.session.flush()


def suspend(actor: User, membership: Membership, until: datetime, reason: str) -> None:
    if until <= utcnow():
        raise DomainError(_("Datoen skal ligge i fremtiden."), field="until")
    if not reason.strip():
        raise DomainError(_("Skriv en begrundelse. Medlemmet får den at se."), field="reason")
    membership.suspended_until = until
    _audit(kinds.MEMBER_SUSPENDED, actor, reason=reason, network=membership.network,
           subject=membership.user)
    record_event(kinds.SUSPENDED, actor=actor, recipient=membership.user,
                 network_id=membership.network_id, until=until.isoformat(), reason=reason)
    db.session.flush()


def lift_suspension(actor: User, membership: Membership, reason: str = "") -> None:
    if membership.suspended_until is None or membership.suspended_until <= utcnow():
        raise DomainError(_("Medlemmet er ikke udelukket."))
    membership.suspended_until = None
    _audit(kinds.MEMBER_UNSUSPENDED, actor, reason=reason, network=membership.network,
           subject=membership.user)
    db.session.flush()


def warn(actor: User, network: Network, member: User, text: str) -> None:
    if not text.strip():
        raise DomainError(_("Skriv advarslen."), field="text")
    _audit(kinds.MEMBER_WARNED, actor, reason=text, network=network, subject=member)
    record_event(kinds.WARNED, actor=actor, recipient=member, network_id=network.id,
                 text=text.strip())
    db.session.flush()


def appeal(actor: User, target: Target, text: str) -> Appeal:
    if not text.strip():
        raise DomainError(_("Skriv, hvorfor du mener, det skal vises igen."), field="text")
    entry = Appeal(network_id=target.network.id, author_id=actor.id, text=text.strip(),
                   **target.fk)
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError:
        raise DomainError(_("Du har allerede klaget over denne afgørelse. Du kan kun klage "
                            "én gang.")) from None
    record_event(kinds.APPEALED, actor=actor, network_id=target.network.id,
                 target=target.key)
    db.session.flush()
    return entry


def open_appeal_for(target: Target) -> Appeal | None:
    column = getattr(Appeal, f"{target.kind}_id")
    return db.session.scalar(select(Appeal).where(column == target.obj.id))


def decide_appeal(actor: User, target: Target, restore_content: bool, reason: str) -> None:
    entry = open_appeal_for(target)
    if entry is None or entry.status is not AppealStatus.OPEN:
        raise DomainError(_("Klagen er allerede afgjort."))
    if restore_content:
        _set_hidden(actor, target, False, "")
    entry.status = AppealStatus.RESTORED if restore_content else AppealStatus.UPHELD
    entry.decided_at, entry.decided_by_id = utcnow(), actor.id
    _audit(kinds.APPEAL_RESTORED if restore_content else kinds.APPEAL_UPHELD, actor, target, reason)
    if target.author_id:
        record_event(kinds.APPEAL_DECIDED, actor=actor, recipient=db.session.get(
            User, target.author_id), network_id=target.network.id, target=target.key,
            restored=restore_content, reason=reason)
    db.session.flush()


def handle_crisis_alert(actor: User, alert: Event, network: Network | None,
                        reason: str = "") -> HandledCrisisAlert:
    """Mark a crisis alert as looked after: it leaves the open list, and the log says who did
    it (once: a second moderator pressing the same button is told it was done already)."""
    if alert.kind != CRISIS_ALERT.name:
        raise DomainError(_("Det er ikke en mulig krise."))
    entry = HandledCrisisAlert(event_id=alert.id, handled_by_id=actor.id)
    try:
        with db.session.begin_nested():
            db.session.add(entry)
    except IntegrityError:
        raise DomainError(_("Den mulige krise er allerede markeret som håndteret.")) from None
    where = {key: value for key in ("thread_id", "post_id")
             if isinstance(value := alert.data.get(key), int)}
    record_audit(kinds.CRISIS_HANDLED, actor=actor, reason=reason.strip(),
                 network_id=network.id if network else None,
                 municipality_id=network.municipality_id if network else None,
                 proposal_id=alert.proposal_id, **where)
    db.session.flush()
    return entry
