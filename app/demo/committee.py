"""Demo data for the committee (for `flask seed-demo`, after the demo proposals).

In Sygedagpenge: the passed demo proposal is forwarded (the clock is running), and one more
proposal is voted through, forwarded, received, put on a meeting and answered. Everything goes
through the services, so the audit log and the events are what the app would have written.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.committee import services
from app.committee.models import AnswerStatus, local_date
from app.core.models import utcnow
from app.extensions import db
from app.networks.models import Membership, MembershipStatus, Network
from app.proposals import services as proposals
from app.proposals.models import (
    Proposal,
    ProposalComment,
    ProposalRevision,
    ProposalState,
    VoteValue,
)

ANSWERED_TEXT = proposals.ProposalText(
    "Svar på brev inden for ti dage",
    "Når man skriver til jobcentret, skal man have svar inden for ti arbejdsdage.",
    "Mange af os venter i uger på svar. Imens ved vi ikke, om vi får penge, eller hvad vi skal "
    "gøre. Det gør os mere syge.",
    "Jobcentret skal svare på alle henvendelser inden for ti arbejdsdage. Kan det ikke nå det, "
    "skal det skrive, hvornår svaret kommer.",
    "Vi slipper for at vente i uvished. Vi kan planlægge vores hverdag og behandling.")
ANSWER = (
    "Udvalget er enigt i, at ventetiden er for lang. Fra næste måned får alle et svar eller en "
    "besked om, hvornår svaret kommer, inden for ti arbejdsdage. Vi kan ikke love et fuldt svar "
    "på ti dage i svære sager, men jobcentret skal altid skrive, hvem der har sagen. "
    "Vi følger op om et halvt år og fortæller jer, hvordan det går.")


def _voters(network: Network) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.network_id == network.id, Membership.status == MembershipStatus.ACTIVE)
        .order_by(User.id)))


def _comment_ids(proposal: Proposal, limit: int) -> list[int]:
    return list(db.session.scalars(select(ProposalComment.id).where(
        ProposalComment.proposal_id == proposal.id).order_by(ProposalComment.id).limit(limit)))


def _voted_through(network: Network, creator: User, days_ago: int) -> Proposal:
    """A proposal whose vote closed `days_ago` days ago, well above the quorum."""
    voters = _voters(network)
    now = utcnow()
    written = now - timedelta(days=days_ago + 21)
    proposal = proposals.create_proposal(creator, network, ANSWERED_TEXT)
    coauthor = next(user for user in voters if user.id != creator.id)
    proposals.invite_coauthor(creator, proposal, coauthor)
    proposals.respond_to_invitation(coauthor, proposal, accept=True)
    remarks = [
        proposals.add_comment(voters[-1], proposal, "Jeg ventede seks uger på et svar sidste år. "
                                                    "Det var meget hårdt.", False),
        proposals.add_comment(voters[-3], proposal, "Det vigtigste er at vide, hvornår svaret "
                                                    "kommer.", False)]
    # Written three weeks before the vote, as it would have been.
    proposal.created_at = proposal.updated_at = written
    for revision in db.session.scalars(select(ProposalRevision).where(
            ProposalRevision.proposal_id == proposal.id)):
        revision.created_at = written
    for index, remark in enumerate(remarks):
        remark.created_at = written + timedelta(days=2 + index)
    proposals.open_voting(creator, proposal, 14)
    proposal.vote_opened_at = now - timedelta(days=days_ago + 14)
    for index, voter in enumerate(voters):
        proposals.cast_vote(voter, proposal, VoteValue.AGAINST if index % 7 == 6 else VoteValue.FOR)
    proposal.vote_deadline = now - timedelta(days=days_ago)
    return proposals.close_voting(proposal, now=proposal.vote_deadline)


def seed_committee(network: Network, creator: User, moderator: User, committee_member: User
                   ) -> None:
    now = utcnow()
    passed = db.session.scalar(select(Proposal).where(
        Proposal.network_id == network.id, Proposal.state == ProposalState.PASSED)
        .order_by(Proposal.id))
    if passed is not None:
        services.forward_proposal(
            moderator, passed,
            "Netværket for sygemeldte har stemt dette forslag igennem med et stort flertal. "
            "Mange fortæller, at turen til jobcentret koster dem flere dages kræfter. "
            "Vi håber, udvalget vil se på, hvordan samtaler i telefon eller på video kan blive "
            "et fast tilbud.",
            _comment_ids(passed, 2), now=now - timedelta(days=4))

    answered = _voted_through(network, creator, days_ago=50)
    forwarded_at = now - timedelta(days=48)
    forwarding = services.forward_proposal(
        moderator, answered,
        "Et stort flertal i netværket står bag forslaget. Ventetiden på svar fylder meget i "
        "debatten, især for dem, der venter på at høre om deres sygedagpenge.",
        _comment_ids(answered, 2), now=forwarded_at)
    services.record_receipt(committee_member, forwarding, now=now - timedelta(days=45))
    services.set_meeting_date(committee_member, forwarding,
                              local_date(forwarded_at) + timedelta(days=21))
    services.record_answer(committee_member, forwarding, AnswerStatus.PARTLY_ADOPTED, ANSWER,
                           now=now - timedelta(days=25))
    db.session.flush()
