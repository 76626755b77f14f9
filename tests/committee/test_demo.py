"""The demo data has a forwarded proposal and an answered one, made through the services."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.committee.models import CommitteeStatus, Forwarding
from app.committee.rules import is_committee_member
from app.core.audit import AuditEntry
from app.demo import seed_demo
from app.extensions import db
from app.proposals.models import ProposalState


def test_demo_has_a_forwarded_and_an_answered_proposal(app_ctx):
    assert seed_demo()
    db.session.commit()
    forwardings = db.session.scalars(select(Forwarding).order_by(Forwarding.id)).all()
    assert [(f.status, f.proposal.state) for f in forwardings] == [
        (CommitteeStatus.NEW, ProposalState.FORWARDED),
        (CommitteeStatus.ANSWERED, ProposalState.ANSWERED)]
    answered = forwardings[1]
    assert answered.received_at and answered.meeting_date and answered.answer_text
    assert not answered.clock().answered_late
    assert all(f.proposal.network.slug == "sygedagpenge" for f in forwardings)
    ulla = db.session.scalar(select(User).where(User.pseudonym == "Ulla fra udvalget"))
    assert is_committee_member(ulla, forwardings[0].municipality)
    assert answered.answered_by_id == ulla.id
    assert db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.action.like("committee.%")).order_by(AuditEntry.id)).all() == [
        "committee.forwarded", "committee.forwarded", "committee.received",
        "committee.meeting_set", "committee.answered"]
