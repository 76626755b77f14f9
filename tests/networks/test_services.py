"""Network services: creating municipalities, joining, leaving, deciding, and the kept member counter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core.dates import format_day
from app.core.errors import DomainError
from app.core.models import utcnow
from app.extensions import db
from app.networks import rules
from app.networks.models import (
    BenefitGroup,
    JoinPolicy,
    Membership,
    MembershipRole,
    MembershipStatus,
    Network,
    Visibility,
)
from app.networks.services import (
    appoint_moderator,
    create_municipality,
    decide_pending,
    join_network,
    leave_network,
)
from tests.factories import (
    approve,
    join,
    make_municipality,
    make_network,
    make_user,
    network_by_slug,
    suspend,
)

pytestmark = pytest.mark.usefixtures("app_ctx")


def active_rows(network: Network) -> int:
    return db.session.scalar(select(func.count()).select_from(Membership).where(
        Membership.network_id == network.id, Membership.status == MembershipStatus.ACTIVE))


def stored_count(network: Network) -> int:
    db.session.expire_all()
    return db.session.get(Network, network.id).member_count


def membership(user, network) -> Membership | None:
    return db.session.scalar(select(Membership).where(
        Membership.network_id == network.id, Membership.user_id == user.id))


def approval_network() -> Network:
    return make_network(Visibility.MEMBERS, JoinPolicy.APPROVAL)


def test_a_municipality_gets_eight_networks_two_of_them_closed():
    municipality = make_municipality("Vejle")
    networks = db.session.scalars(select(Network).where(Network.municipality_id == municipality.id)).all()
    assert {n.benefit_group for n in networks} == set(BenefitGroup)
    assert {n.slug for n in networks} == {g.value for g in BenefitGroup}
    closed = {n.slug for n in networks if n.needs_approval}
    assert closed == {"ressourceforloeb", "jobafklaringsforloeb"}
    assert closed == {n.slug for n in networks if not n.is_public}
    assert all(n.member_count == 0 and n.thread_count == 0 and n.last_activity_at is None
               for n in networks)


def test_the_same_municipality_twice_is_a_clear_error():
    make_municipality("Vejle")
    with pytest.raises(DomainError, match="Kommunen findes allerede"):
        create_municipality("  Vejle ")


def test_joining_an_open_network_is_immediate():
    network, user = make_network(), make_user()
    made = join(user, network)
    assert made.status is MembershipStatus.ACTIVE and made.role is MembershipRole.MEMBER
    assert stored_count(network) == 1 == active_rows(network)


def test_joining_an_approval_network_waits_for_a_moderator():
    network, user = approval_network(), make_user()
    assert join(user, network).status is MembershipStatus.PENDING
    assert stored_count(network) == 0 == active_rows(network)
    approve(user, network)
    assert membership(user, network).status is MembershipStatus.ACTIVE
    assert stored_count(network) == 1 == active_rows(network)


def test_declining_removes_the_request_and_leaves_the_count():
    network, user = approval_network(), make_user()
    join(user, network)
    decide_pending(membership(user, network), approve=False)
    db.session.commit()
    assert membership(user, network) is None
    assert stored_count(network) == 0
    join(user, network)  # may ask again later
    assert membership(user, network).status is MembershipStatus.PENDING


def test_a_request_is_decided_once():
    network, user = approval_network(), make_user()
    join(user, network)
    approve(user, network)
    with pytest.raises(DomainError, match="allerede afgjort"):
        decide_pending(membership(user, network), approve=False)
    db.session.rollback()
    assert stored_count(network) == 1


@pytest.mark.parametrize("needs_approval", [False, True])
def test_joining_twice_is_a_clear_error(needs_approval):
    network = approval_network() if needs_approval else make_network()
    user = make_user()
    join(user, network)
    with pytest.raises(DomainError, match="allerede medlem af netværket, eller du venter på svar"):
        join_network(user, network)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Membership)
                             .where(Membership.user_id == user.id)) == 1
    assert stored_count(network) == active_rows(network)


def test_leaving_decrements_and_leaving_a_request_does_not():
    network = approval_network()
    member, applicant = make_user(), make_user()
    join(member, network)
    approve(member, network)
    join(applicant, network)
    assert stored_count(network) == 1
    leave_network(applicant, network)
    db.session.commit()
    assert stored_count(network) == 1
    leave_network(member, network)
    db.session.commit()
    assert stored_count(network) == 0 == active_rows(network)
    assert membership(member, network) is None


def test_leaving_without_membership_is_a_clear_error():
    with pytest.raises(DomainError, match="ikke medlem"):
        leave_network(make_user(), make_network())


def test_a_suspended_member_cannot_leave_to_dodge_the_suspension():
    network, user = make_network(), make_user()
    join(user, network)
    until = utcnow() + timedelta(days=7)
    suspend(user, network, until)
    with pytest.raises(DomainError, match=format_day(until, "long")):  # "10. december 2026"
        leave_network(user, network)
    db.session.rollback()
    assert membership(user, network) is not None and stored_count(network) == 1
    suspend(user, network, utcnow() - timedelta(minutes=1))  # the suspension has ended
    leave_network(user, network)
    db.session.commit()
    assert stored_count(network) == 0


def test_appointing_a_moderator_counts_them_once():
    network = approval_network()
    newcomer, member, applicant = make_user(), make_user(), make_user()
    join(member, network)
    approve(member, network)
    join(applicant, network)
    for user in (newcomer, member, applicant):
        made = appoint_moderator(user, network)
        assert made.role is MembershipRole.MODERATOR and made.status is MembershipStatus.ACTIVE
    db.session.commit()
    assert stored_count(network) == 3 == active_rows(network)
    with pytest.raises(DomainError, match="allerede moderator"):
        appoint_moderator(newcomer, network)


def test_member_count_matches_the_rows_after_a_mixed_history():
    municipality = make_municipality()
    open_net = network_by_slug(municipality, "dagpenge")
    closed = network_by_slug(municipality, "ressourceforloeb")
    users = [make_user() for _ in range(6)]
    for user in users:
        join(user, open_net)
        join(user, closed)
    for user in users[:4]:
        approve(user, closed)
    decide_pending(membership(users[4], closed), approve=False)
    leave_network(users[0], open_net)
    leave_network(users[1], closed)
    leave_network(users[5], closed)  # still pending
    appoint_moderator(users[5], open_net)  # already an active member
    db.session.commit()
    assert stored_count(open_net) == active_rows(open_net) == 5
    assert stored_count(closed) == active_rows(closed) == 3
    assert db.session.scalar(select(func.count()).select_from(Membership).where(
        Membership.network_id == closed.id, Membership.status == MembershipStatus.PENDING)) == 0


def test_the_membership_is_looked_up_once_per_request(count_queries, app):
    network, user = make_network(), make_user()
    join(user, network)
    db.session.refresh(user), db.session.refresh(network)  # load what commit expired
    with app.test_request_context(), count_queries() as counter:
        results = [rules.is_member(user, network), rules.can_post(user, network),
                   rules.can_view_content(user, network), rules.can_see_members(user, network),
                   rules.is_suspended(user, network), rules.can_join(user, network)]
    assert results == [True, True, True, True, False, False]
    assert counter.count == 1, counter.statements
    with app.test_request_context():
        assert rules.is_member(user, network)
        leave_network(user, network)
        rules.forget_membership(user, network)
        assert not rules.is_member(user, network)
