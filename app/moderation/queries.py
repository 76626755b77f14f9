"""One query helper per moderation page."""

from __future__ import annotations

from collections import OrderedDict

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.core.audit import AuditEntry
from app.core.events import Event
from app.core.guard import CRISIS_ALERT
from app.core.pagination import KeysetPage, keyset_page
from app.extensions import db
from app.forum.models import Post, Thread
from app.moderation.models import Appeal, AppealStatus, Report, ReportStatus
from app.moderation.targets import target_of
from app.networks.models import Network
from app.proposals.models import ProposalComment

QUEUE_LIMIT = 200
LOG_PER_PAGE = 50


def report_groups(network: Network | None) -> list[dict]:
    """Open reports grouped by what they are about, oldest first (bounded)."""
    query = (select(Report).where(Report.status == ReportStatus.OPEN)
             .order_by(Report.id).limit(QUEUE_LIMIT)
             .options(selectinload(Report.post).joinedload(Post.thread),
                      selectinload(Report.post).joinedload(Post.author),
                      selectinload(Report.thread).joinedload(Thread.author),
                      selectinload(Report.proposal),
                      selectinload(Report.comment).joinedload(ProposalComment.proposal),
                      selectinload(Report.comment).joinedload(ProposalComment.author),
                      joinedload(Report.network)))
    if network is not None:
        query = query.where(Report.network_id == network.id)
    groups: OrderedDict[str, dict] = OrderedDict()
    for report in db.session.scalars(query):
        target = target_of(report)
        group = groups.setdefault(target.key, {"target": target, "reports": [],
                                               "network": report.network})
        group["reports"].append(report)
    return list(groups.values())


def open_counts_by_network() -> dict[int, int]:
    return dict(db.session.execute(select(Report.network_id, func.count(Report.id)).where(
        Report.status == ReportStatus.OPEN).group_by(Report.network_id)).all())


def open_appeals(network: Network | None) -> list[Appeal]:
    query = (select(Appeal).where(Appeal.status == AppealStatus.OPEN).order_by(Appeal.id)
             .limit(QUEUE_LIMIT).options(selectinload(Appeal.post).joinedload(Post.thread),
                                         selectinload(Appeal.thread), selectinload(Appeal.proposal),
                                         selectinload(Appeal.comment)
                                         .joinedload(ProposalComment.proposal),
                                         joinedload(Appeal.author)))
    if network is not None:
        query = query.where(Appeal.network_id == network.id)
    return list(db.session.scalars(query))


def crisis_alerts(network: Network, limit: int = 20) -> list[Event]:
    return list(db.session.scalars(
        select(Event).where(Event.network_id == network.id,
                            Event.kind == CRISIS_ALERT.name)
        .order_by(Event.id.desc()).limit(limit)))


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
