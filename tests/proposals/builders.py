"""Builders for the proposal tests: proposals in any state made through the app's services
(committed, as a finished request would), and a small browser that signs in and posts forms.

The tests build data inside `app_ctx` (one session for the whole test). The browser's requests
run in app contexts of their own (IsolatedClient); after each one the test's session is rolled
back, so the objects it holds are re-read and SQLite's read snapshot never goes stale.
"""

from __future__ import annotations

import html
from datetime import datetime

from flask import g, has_app_context
from sqlalchemy import func, select

from app.accounts.models import User
from app.core.events import Event
from app.extensions import db
from app.networks.models import Network
from app.proposals import services
from app.proposals.models import Proposal, ProposalRevision, Vote, VoteValue
from tests.conftest import IsolatedClient, csrf_token, login
from tests.factories import PASSWORD, make_member

TEXT = {
    "title": "Ret til samtale i telefonen",
    "summary": "Syge skal selv kunne vælge, om samtalen er i telefonen eller på jobcentret.",
    "problem": "Mange af os er for syge til at tage turen til jobcentret.",
    "action": "Jobcentret skal altid tilbyde samtale i telefonen.",
    "impact": "Vi kan bruge kræfterne på at blive raske.",
}


def forget_rules() -> None:
    """Drop the rule memos (membership, authorship) the test's own `g` may hold."""
    if has_app_context():
        g.pop("_membership_memo", None)
        g.pop("_proposal_author_memo", None)


def done() -> None:
    db.session.commit()
    forget_rules()


def text(**changes: str) -> services.ProposalText:
    return services.ProposalText(**{**TEXT, **changes})


def make_proposal(network: Network, creator: User, **changes: str) -> Proposal:
    proposal = services.create_proposal(creator, network, text(**changes))
    done()
    return proposal


def invite(proposal: Proposal, inviter: User, invitee: User) -> None:
    services.invite_coauthor(inviter, proposal, invitee)
    done()


def add_coauthor(proposal: Proposal, inviter: User, coauthor: User) -> None:
    invite(proposal, inviter, coauthor)
    services.respond_to_invitation(coauthor, proposal, accept=True)
    done()


def revise(proposal: Proposal, author: User, message: str = "Rettet", **changes: str) -> bool:
    current = {name: getattr(proposal, name) for name in TEXT}
    changed = services.save_revision(author, proposal, services.ProposalText(
        **{**current, **changes}), message)
    done()
    return changed


def open_vote(proposal: Proposal, actor: User, days: int = 14) -> Proposal:
    services.open_voting(actor, proposal, days)
    done()
    return proposal


def cast(proposal: Proposal, voter: User, value: VoteValue | str) -> None:
    services.cast_vote(voter, proposal, VoteValue(value))
    done()


def close_vote(proposal: Proposal, actor: User | None = None) -> Proposal:
    proposal = services.close_voting(proposal, actor=actor)
    done()
    return proposal


def withdraw(proposal: Proposal, author: User) -> None:
    services.withdraw(author, proposal)
    done()


def comment(proposal: Proposal, author: User, body: str = "Godt forslag.",
            suggestion: bool = False):
    made = services.add_comment(author, proposal, body, suggestion)
    done()
    return made


def members(network: Network, count: int, prefix: str = "Vælger") -> list[User]:
    made = [make_member(network, pseudonym=f"{prefix} {i}") for i in range(1, count + 1)]
    forget_rules()
    return made


def decided(network: Network, creator: User, voters: list[User], for_: int, against: int = 0,
            abstain: int = 0, closed_at: datetime | None = None, **changes: str) -> Proposal:
    """A proposal whose vote has closed with these tallies (voters taken from `voters` in order),
    optionally moved to have closed at `closed_at`."""
    proposal = make_proposal(network, creator, **changes)
    open_vote(proposal, creator)
    ballots = ["for"] * for_ + ["against"] * against + ["abstain"] * abstain
    assert len(ballots) <= len(voters), "not enough voters"
    for voter, value in zip(voters, ballots, strict=False):
        cast(proposal, voter, value)
    proposal = close_vote(proposal)
    if closed_at is not None:
        proposal.vote_closed_at = closed_at
        done()
    return proposal


def bulk_comments(proposal: Proposal, authors: list[User], count: int) -> None:
    for i in range(count):
        services.add_comment(authors[i % len(authors)], proposal, f"Kommentar nummer {i}.", i % 3 == 0)
    done()


# --- reading the database -------------------------------------------------------------------

def fresh(proposal: Proposal) -> Proposal:
    db.session.rollback()
    return db.session.get(Proposal, proposal.id)


def vote_rows(proposal: Proposal) -> dict[int, VoteValue]:
    return dict(db.session.execute(select(Vote.user_id, Vote.value).where(
        Vote.proposal_id == proposal.id)).all())


def revision_count(proposal: Proposal) -> int:
    return db.session.scalar(select(func.count()).select_from(ProposalRevision).where(
        ProposalRevision.proposal_id == proposal.id))


def event_kinds(proposal: Proposal) -> list[str]:
    return list(db.session.scalars(select(Event.kind).where(Event.proposal_id == proposal.id)
                                   .order_by(Event.id)))


# --- a browser ------------------------------------------------------------------------------

class Browser:
    """One person's browser: signed in as `user` (or a visitor), with the session's CSRF token."""

    def __init__(self, app, user: User | None = None) -> None:
        self.client = IsolatedClient(app, app.response_class, use_cookies=True)
        self._token: str | None = None
        if user is not None:
            response = login(self.client, user.pseudonym, PASSWORD)
            assert response.status_code == 302, response.get_data(as_text=True)[:300]
            self.client.get(response.headers["Location"])  # shows (and so clears) "Du er logget ind."
            _settle()

    @property
    def token(self) -> str:
        if self._token is None:
            self._token = csrf_token(self.client, "/")
            _settle()
        return self._token

    def raw(self, url: str, status: int = 200):
        response = self.client.get(url)
        _settle()
        assert response.status_code == status, (url, response.status_code)
        return response

    def page(self, url: str, status: int = 200) -> str:
        """The page as text (entities decoded)."""
        return html.unescape(self.raw(url, status).get_data(as_text=True))

    def post(self, url: str, data: dict | None = None, token: bool = True):
        payload = dict(data or {})
        if token:
            payload["csrf_token"] = self.token
        response = self.client.post(url, data=payload)
        _settle()
        return response

    def post_then_page(self, url: str, data: dict | None = None) -> str:
        """POST, expect a redirect, and return the page it leads to (with its flash message)."""
        response = self.post(url, data)
        assert response.status_code == 302, (url, response.status_code,
                                              response.get_data(as_text=True)[:500])
        return self.page(response.headers["Location"])


def body(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _settle() -> None:
    if has_app_context():
        db.session.rollback()


# --- the scene most tests use -----------------------------------------------------------------

def build_scene(quorum: int = 3):
    """Forslagsby: an open public network (sygedagpenge, quorum 3) with a drafting proposal by
    Forfatter Frida; a members-only approval network (ressourceforloeb) next to it."""
    from types import SimpleNamespace

    from tests.factories import make_moderator, make_municipality, make_user, network_by_slug

    municipality = make_municipality("Forslagsby")
    network = network_by_slug(municipality, "sygedagpenge")
    network.quorum = quorum
    done()
    scene = SimpleNamespace(municipality=municipality, network=network,
                            closed=network_by_slug(municipality, "ressourceforloeb"),
                            creator=make_member(network, pseudonym="Forfatter Frida"),
                            coauthor=make_member(network, pseudonym="Medskriver Mikkel"),
                            member=make_member(network, pseudonym="Medlem Magnus"),
                            moderator=make_moderator(network, pseudonym="Moderator Mona"),
                            outsider=make_user(pseudonym="Udenfor Otto"))
    forget_rules()
    scene.proposal = make_proposal(network, scene.creator)
    scene.url = f"/forslag/{scene.proposal.id}"
    scene.list_url = f"/kommuner/{municipality.slug}/{network.slug}/forslag"
    return scene
