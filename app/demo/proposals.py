"""Demo proposals in every status, with revisions, comments and votes (for `flask seed-demo`)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.accounts.models import User
from app.core.models import utcnow
from app.extensions import db
from app.networks.models import Membership, MembershipStatus, Network
from app.proposals import services
from app.proposals.models import ProposalState, VoteValue

PROPOSALS = [
    # (title, summary, problem, action, impact, target state, votes for/against/abstain)
    ("Ret til telefonsamtale, når man er syg",
     "Sygemeldte skal selv kunne vælge, om opfølgningssamtalen foregår i telefon, på video "
     "eller på jobcentret.",
     "Mange af os har svært ved at møde op, når vi er syge. Turen til jobcentret kan tage en hel "
     "dags kræfter. Nogle bliver mere syge af det.",
     "Jobcentret skal altid tilbyde samtale i telefon eller på video. Borgeren vælger selv. "
     "Det skal stå i indkaldelsen.",
     "Vi kan bruge kræfterne på at blive raske. Samtalerne bliver bedre, når vi ikke er udmattede.",
     ProposalState.PASSED, (12, 2, 1)),
    ("Samme sagsbehandler hele vejen",
     "Man skal så vidt muligt have den samme sagsbehandler fra start til slut.",
     "Vi skifter sagsbehandler ofte. Hver gang skal vi fortælle det hele forfra. Det er hårdt og "
     "tager tid.",
     "Jobcentret skal give hver borger en fast sagsbehandler. Skift skal begrundes skriftligt.",
     "Vi slipper for at gentage vores historie. Der kommer mere fremdrift i sagen.",
     ProposalState.VOTING, (6, 1, 0)),
    ("Planen skal altid gives på skrift",
     "Efter hver samtale skal man få det aftalte på skrift, i et sprog man kan forstå.",
     "Mange går fra samtalen uden at vide, hvad der blev aftalt. Bagefter er der uenighed om det.",
     "Jobcentret sender et kort referat senest to dage efter samtalen. Det skal skrives i et "
     "enkelt sprog.",
     "Vi ved, hvad vi skal. Færre misforståelser og færre sanktioner.",
     ProposalState.DRAFTING, None),
    ("Tolk ved alle vigtige samtaler",
     "Borgere, der ikke taler godt dansk, skal have tolk ved vigtige samtaler.",
     "Nogle må tage deres børn med som tolk. Det er ikke i orden.",
     "Jobcentret skal bestille professionel tolk, når borgeren beder om det.",
     "Alle kan forstå, hvad der bliver sagt og besluttet.",
     ProposalState.NOT_PASSED, (3, 4, 1)),
    ("Gratis buskort til aktivering",
     "Transport til aktivering skal betales af kommunen.",
     "Turen til aktivering er dyr for dem med lav ydelse.",
     "Kommunen betaler buskort til alle i aktivering.",
     "Flere møder op, og færre får sanktioner.",
     ProposalState.WITHDRAWN, None),
]


def _voters(network: Network) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.network_id == network.id, Membership.status == MembershipStatus.ACTIVE)
        .order_by(User.id)))


def seed_proposals(network: Network, creator: User) -> None:
    voters = _voters(network)
    coauthor = next(user for user in voters if user.id != creator.id)
    now = utcnow()
    for index, (title, summary, problem, action, impact, target, votes) in enumerate(PROPOSALS):
        text = services.ProposalText(title, summary, problem, action, impact)
        proposal = services.create_proposal(creator, network, text)
        services.invite_coauthor(creator, proposal, coauthor)
        services.respond_to_invitation(coauthor, proposal, accept=True)
        services.save_revision(coauthor, proposal, services.ProposalText(
            title, summary, problem + " Det gælder især dem, der er mest udsatte.", action,
            impact), "Tilføjede en sætning om de mest udsatte")
        services.add_comment(voters[-1], proposal, "Godt forslag. Jeg har oplevet det samme.",
                             False)
        services.add_comment(voters[-2], proposal, "Skriv gerne, hvor hurtigt det skal ske.", True)
        if target is ProposalState.WITHDRAWN:
            services.withdraw(creator, proposal)
        if votes is None:
            continue
        services.open_voting(creator, proposal, 14)
        if target is not ProposalState.VOTING:
            # Back-date finished votes only: the members joined just now, and a vote that
            # opened before they joined would be closed to all of them.
            proposal.vote_opened_at = now - timedelta(days=20 - index)
        ballots = ([VoteValue.FOR] * votes[0] + [VoteValue.AGAINST] * votes[1]
                   + [VoteValue.ABSTAIN] * votes[2])
        for member, value in zip(voters, ballots, strict=False):
            services.cast_vote(member, proposal, value)
        if target is not ProposalState.VOTING:
            proposal.vote_deadline = now - timedelta(days=6 - index)
            services.close_voting(proposal, now=proposal.vote_deadline)
    db.session.flush()
