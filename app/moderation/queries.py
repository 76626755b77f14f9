"""One query helper per moderation page."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from app.accounts.rules import is_admin
from app.core.audit import AuditEntry
from app.core.events import Event
from app.core.guard import CRISIS_ALERT
from app.core.pagination import KeysetPage, keyset_page
from app.extensions import db
from app.forum.models import Post, Thread
from app.moderation.models import (
    Appeal,
    AppealStatus,
    HandledCrisisAlert,
    Report,
    ReportStatus,
)
from app.moderation.targets import target_of
from app.networks.models import Membership, MembershipStatus, Municipality, Network
from app.networks.rules import moderates_network
from app.proposals.models import ProposalComment

QUEUE_LIMIT = 200
LOG_PER_PAGE = 50
# The cross-network queue: each list shows this many (the counts are whole); the rest waits on
# the network's own page or comes up as the first ones are handled.
STAFF_LIST_LIMIT = 50
STAFF_NETWORK_LIMIT = 200


def _in_scope(column, network: Network | Sequence[int] | None) -> list[ColumnElement[bool]]:
    """One network, a list of network ids, or every network (None)."""
    if network is None:
        return []
    if isinstance(network, Network):
        return [column == network.id]
    return [column.in_(list(network))]


def report_groups(network: Network | Sequence[int] | None) -> list[dict]:
    """Open reports grouped by what they are about, oldest first (bounded)."""
    query = (select(Report).where(Report.status == ReportStatus.OPEN,
                                  *_in_scope(Report.network_id, network))
             .order_by(Report.id).limit(QUEUE_LIMIT)
             .options(selectinload(Report.post).joinedload(Post.thread),
                      selectinload(Report.post).joinedload(Post.author),
                      selectinload(Report.thread).joinedload(Thread.author),
                      selectinload(Report.proposal),
                      selectinload(Report.comment).joinedload(ProposalComment.proposal),
                      selectinload(Report.comment).joinedload(ProposalComment.author),
                      joinedload(Report.network)))
    groups: OrderedDict[str, dict] = OrderedDict()
    for report in db.session.scalars(query):
        target = target_of(report)
        group = groups.setdefault(target.key, {"target": target, "reports": [],
                                               "network": report.network})
        group["reports"].append(report)
    return list(groups.values())


def open_appeals(network: Network | Sequence[int] | None) -> list[Appeal]:
    query = (select(Appeal).where(Appeal.status == AppealStatus.OPEN,
                                  *_in_scope(Appeal.network_id, network)).order_by(Appeal.id)
             .limit(QUEUE_LIMIT).options(selectinload(Appeal.post).joinedload(Post.thread),
                                         selectinload(Appeal.thread), selectinload(Appeal.proposal),
                                         selectinload(Appeal.comment)
                                         .joinedload(ProposalComment.proposal),
                                         joinedload(Appeal.author)))
    return list(db.session.scalars(query))


def is_open_crisis_alert() -> ColumnElement[bool]:
    """An event that is a crisis alert no moderator has marked as handled."""
    return (Event.kind == CRISIS_ALERT.name) & ~exists().where(
        HandledCrisisAlert.event_id == Event.id)


def crisis_alerts(network: Network | Sequence[int], limit: int = 20) -> list[Event]:
    """The open crisis alerts, newest first (bounded)."""
    return list(db.session.scalars(
        select(Event).where(is_open_crisis_alert(), *_in_scope(Event.network_id, network))
        .order_by(Event.id.desc()).limit(limit)))


def crisis_alert(event_id: int) -> tuple[Event, Network | None] | None:
    """A crisis alert by id (handled or not) with its network and municipality; None when
    there is no such alert."""
    row = db.session.execute(
        select(Event, Network).outerjoin(Network, Network.id == Event.network_id)
        .where(Event.id == event_id, Event.kind == CRISIS_ALERT.name)
        .options(joinedload(Network.municipality))).first()
    return None if row is None else (row[0], row[1])


@dataclass(frozen=True)
class NetworkWork:
    """One network in the moderator's queue and what waits there."""

    network: Network
    reports: int
    pending: int
    alerts: int
    appeals: int


@dataclass(frozen=True)
class StaffQueue:
    """The moderator's one queue across every network they moderate (all for an admin)."""

    networks: list[NetworkWork]
    groups: list[dict]
    pending: list[Membership]
    alerts: list[Event]
    appeals: list[Appeal]
    limit: int

    def _total(self, name: str) -> int:
        return sum(getattr(row, name) for row in self.networks)

    @property
    def counts(self) -> dict[str, int]:
        return {name: self._total(name) for name in ("reports", "pending", "alerts", "appeals")}

    @property
    def network_by_id(self) -> dict[int, Network]:
        return {row.network.id: row.network for row in self.networks}


def _count(column, *where: ColumnElement[bool]):
    return select(func.count(column)).where(*where).correlate(Network).scalar_subquery()


def staff_queue(user) -> StaffQueue:
    """The cross-network queue in a fixed number of statements, however much waits.

    First the networks in scope with their four counts (one statement: correlated counts);
    a moderator's networks are all listed, an admin's only those where something waits
    (at most STAFF_NETWORK_LIMIT). Then each list, bounded, within those networks."""
    counts = (_count(Report.id, Report.network_id == Network.id,
                     Report.status == ReportStatus.OPEN),
              _count(Membership.id, Membership.network_id == Network.id,
                     Membership.status == MembershipStatus.PENDING),
              _count(Event.id, Event.network_id == Network.id, is_open_crisis_alert()),
              _count(Appeal.id, Appeal.network_id == Network.id,
                     Appeal.status == AppealStatus.OPEN))
    query = (select(Network, *counts).join(Network.municipality)
             .where(moderates_network(user, Network.id))
             .options(contains_eager(Network.municipality))
             .order_by(Municipality.name, Network.slug).limit(STAFF_NETWORK_LIMIT))
    if is_admin(user):
        query = query.where(or_(*(count > 0 for count in counts)))
    networks = [NetworkWork(network, *numbers) for network, *numbers in db.session.execute(query)]
    ids = [row.network.id for row in networks]
    if not ids:
        return StaffQueue(networks, [], [], [], [], STAFF_LIST_LIMIT)
    pending = list(db.session.scalars(
        select(Membership).where(Membership.network_id.in_(ids),
                                 Membership.status == MembershipStatus.PENDING)
        .order_by(Membership.id).limit(STAFF_LIST_LIMIT).options(joinedload(Membership.user))))
    return StaffQueue(networks, report_groups(ids)[:STAFF_LIST_LIMIT], pending,
                      crisis_alerts(ids, STAFF_LIST_LIMIT), open_appeals(ids)[:STAFF_LIST_LIMIT],
                      STAFF_LIST_LIMIT)


def audit_log(network: Network | None, before_id: int | None) -> KeysetPage[AuditEntry]:
    query = (select(AuditEntry).order_by(AuditEntry.id.desc()).limit(LOG_PER_PAGE + 1)
             .options(joinedload(AuditEntry.actor), joinedload(AuditEntry.subject_user)))
    if network is not None:
        query = query.where(AuditEntry.network_id == network.id)
    if before_id is not None:
        query = query.where(AuditEntry.id < before_id)
    return keyset_page(db.session.scalars(query), LOG_PER_PAGE)


def open_reports_for(user) -> int:
    """Open reports in the networks this person moderates (all networks for an admin)."""
    from app.networks.rules import moderated_network_ids

    where = []
    if not user.is_admin:
        moderated = moderated_network_ids(user)
        if not moderated:  # most people: no query at all
            return 0
        where.append(Report.network_id.in_(moderated))
    return db.session.scalar(select(func.count(Report.id)).where(
        Report.status == ReportStatus.OPEN, *where)) or 0
