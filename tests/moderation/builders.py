"""Builders for the moderation tests: a scene with every role, moderation done through the
app's services (committed, as a finished request would), and a browser per person that signs
in — staff with their two-factor code, as the moderator tools demand.

The tests build data inside `app_ctx` (one session for the whole test). Each browser request
runs in an app context of its own (IsolatedClient); after each one the test's session is
rolled back, so the objects it holds are re-read and SQLite's read snapshot never goes stale.
"""

from __future__ import annotations

import html
from datetime import date, timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from flask import g, has_app_context
from sqlalchemy import func, select, update

from app.accounts.models import User
from app.core.audit import AuditEntry
from app.core.db import commit
from app.core.events import Event, record_event
from app.core.guard import CRISIS_ALERT
from app.extensions import db
from app.forum.models import Post, Thread
from app.moderation import services
from app.moderation.models import Appeal, HandledCrisisAlert, Report, ReportReason, ReportStatus
from app.moderation.targets import Target
from app.networks.models import Membership, Network
from app.proposals import services as proposal_services
from app.proposals.models import Proposal, ProposalComment, VoteValue
from tests.accounts.test_two_factor import password_step, second_step
from tests.conftest import IsolatedClient, csrf_token, login
from tests.factories import (
    PASSWORD,
    make_committee_member,
    make_member,
    make_moderator,
    make_municipality,
    make_post,
    make_thread,
    make_user,
    network_by_slug,
    totp_now,
)

ROLES = ("visitor", "citizen", "member", "moderator", "other_moderator", "committee_here",
         "committee_other", "admin")

PROPOSAL_TEXT = {
    "title": "Faste kontaktpersoner i jobcentret",
    "summary": "Hver borger skal have den samme sagsbehandler hele forløbet.",
    "problem": "Vi skal fortælle vores historie forfra hver gang.",
    "action": "Jobcentret giver hver borger en fast kontaktperson.",
    "impact": "Færre misforståelser og mindre stress.",
}


# --- the test's own session -----------------------------------------------------------------

def forget_rules() -> None:
    """Drop the rule memos (membership, authorship, committee seat) the test's `g` may hold."""
    if has_app_context():
        for key in ("_membership_memo", "_proposal_author_memo", "_committee_seat_memo",
                    "_committee_any_seat_memo"):
            g.pop(key, None)


def done() -> None:
    commit()
    forget_rules()


def settle() -> None:
    """End the test's read transaction: what it holds is re-read from the database."""
    if has_app_context():
        db.session.rollback()
        forget_rules()


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


# --- content --------------------------------------------------------------------------------

def make_proposal(network: Network, creator: User, **changes: str) -> Proposal:
    proposal = proposal_services.create_proposal(
        creator, network, proposal_services.ProposalText(**{**PROPOSAL_TEXT, **changes}))
    done()
    return proposal


def comment(proposal: Proposal, author: User, body: str) -> ProposalComment:
    made = proposal_services.add_comment(author, proposal, body, False)
    done()
    return made


def passed_proposal(network: Network, creator: User, voters: list[User], **changes: str) -> Proposal:
    """A proposal the network voted for (every voter for); quorum is set to the voters."""
    network.quorum = len(voters)
    proposal = make_proposal(network, creator, **changes)
    proposal_services.open_voting(creator, proposal, 7)
    done()
    for voter in voters:
        proposal_services.cast_vote(voter, proposal, VoteValue.FOR)
        done()
    proposal = proposal_services.close_voting(proposal, actor=None)
    done()
    return proposal


def target(kind: str, obj) -> Target:
    return Target(kind, obj)


def kind_of(obj) -> str:
    return {Post: "post", Thread: "thread", Proposal: "proposal",
            ProposalComment: "comment"}[type(obj)]


# --- moderation through the services ----------------------------------------------------------

def report(reporter: User, obj, reason: str = "spam", text_: str = "") -> Report:
    made = services.report(reporter, target(kind_of(obj), obj), ReportReason(reason), text_)
    done()
    return made


def hide(actor: User, obj, reason: str = "Strider mod retningslinjerne.") -> None:
    services.hide(actor, target(kind_of(obj), obj), reason)
    done()


def crisis_alert(writer: User, post: Post) -> Event:
    """What the guard records when saved text signals a crisis (app.core.guard)."""
    made = record_event(CRISIS_ALERT, actor=writer, network_id=post.thread.network_id,
                        thread_id=post.thread_id, post_id=post.id)
    done()
    return made


def is_handled(alert: Event) -> bool:
    settle()
    return db.session.get(HandledCrisisAlert, alert.id) is not None


def alert_url(alert: Event) -> str:
    return f"/moderation/krise/{alert.id}/haandteret"


def appeal(author: User, obj, text_: str = "Jeg mener, det var i orden.") -> Appeal:
    made = services.appeal(author, target(kind_of(obj), obj), text_)
    done()
    return made


# --- reading the database -------------------------------------------------------------------

def audit_count(**where: object) -> int:
    query = select(func.count(AuditEntry.id))
    for column, value in where.items():
        query = query.where(getattr(AuditEntry, column) == value)
    return db.session.scalar(query)


def audit_entries() -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def reports_of(obj, status: ReportStatus | None = None) -> list[Report]:
    column = getattr(Report, f"{kind_of(obj)}_id")
    query = select(Report).where(column == obj.id).order_by(Report.id)
    if status is not None:
        query = query.where(Report.status == status)
    return list(db.session.scalars(query))


def appeal_of(obj) -> Appeal | None:
    column = getattr(Appeal, f"{kind_of(obj)}_id")
    return db.session.scalar(select(Appeal).where(column == obj.id))


def events(kind: str, **where: object) -> list[Event]:
    query = select(Event).where(Event.kind == kind).order_by(Event.id)
    for column, value in where.items():
        query = query.where(getattr(Event, column) == value)
    return list(db.session.scalars(query))


def fresh(obj):
    settle()
    return db.session.get(type(obj), obj.id)


def membership(user: User, network: Network) -> Membership:
    return db.session.scalar(select(Membership).where(
        Membership.user_id == user.id, Membership.network_id == network.id))


def allow_code_again(user: User) -> None:
    """A TOTP code is accepted once per time step; a test that signs the same person in twice
    within 30 seconds forgets the last step used (as if the next code had come)."""
    db.session.execute(update(User).where(User.id == user.id).values(totp_last_counter=None))
    done()


def in_a_week() -> str:
    return (date.today() + timedelta(days=7)).isoformat()


# --- a browser ------------------------------------------------------------------------------

def is_login_redirect(response, path: str | None = None) -> bool:
    if response.status_code != 302:
        return False
    location = urlsplit(response.headers["Location"])
    if location.path != "/konto/log-ind":
        return False
    return path is None or parse_qs(location.query).get("next") == [path]


class Person:
    """One person's browser: a visitor, or signed in as `user` (with the two-factor code when
    the person has two-factor log-in, as staff must)."""

    def __init__(self, app, user: User | None = None) -> None:
        self.client = IsolatedClient(app, app.response_class, use_cookies=True)
        self.user = user
        self._token: str | None = None
        if user is not None:
            self.sign_in(user)

    def sign_in(self, user: User) -> None:
        if user.totp_secret:
            allow_code_again(user)
            password_step(self.client, user.pseudonym)
            response = second_step(self.client, totp_now(user))
        else:
            response = login(self.client, user.pseudonym, PASSWORD)
        assert response.status_code == 302, text(response)[:500]
        self.client.get(response.headers["Location"])  # shows (and so clears) "Du er logget ind."
        self._token = None
        settle()

    @property
    def token(self) -> str:
        if self._token is None:
            self._token = csrf_token(self.client, "/")
            settle()
        return self._token

    def get(self, url: str):
        response = self.client.get(url)
        settle()
        return response

    def page(self, url: str, status: int = 200) -> str:
        """The page as text (entities decoded), following one redirect."""
        response = self.get(url)
        if response.status_code == 302 and status != 302:
            response = self.get(response.headers["Location"])
        assert response.status_code == status, (url, response.status_code, text(response)[:300])
        return text(response)

    def post(self, url: str, data: dict | None = None, token: bool = True):
        """POST a form. Prefixed forms (s-, w-) get their own CSRF field too."""
        payload = dict(data or {})
        if token:
            payload["csrf_token"] = self.token
            for prefix in {key.split("-", 1)[0] for key in payload if "-" in key}:
                payload[f"{prefix}-csrf_token"] = self.token
        response = self.client.post(url, data=payload)
        settle()
        return response

    def post_then_page(self, url: str, data: dict | None = None) -> str:
        """POST, expect a redirect, and return the page it leads to (with its flash message)."""
        response = self.post(url, data)
        assert response.status_code == 302, (url, response.status_code, text(response)[:500])
        return self.page(response.headers["Location"])

    def post_then_answer(self, url: str, data: dict | None = None) -> str:
        """POST; the form shown again (422, with what was typed) or the page a redirect leads to."""
        response = self.post(url, data)
        if response.status_code == 422:
            return text(response)
        assert response.status_code == 302, (url, response.status_code, text(response)[:500])
        return self.page(response.headers["Location"])


# --- the scene ------------------------------------------------------------------------------

def build_scene(name: str = "Modby") -> SimpleNamespace:
    """Modby's public, open dagpenge network with a moderator and members; a thread by
    Forfatter Frede with a reply, a proposal by him with a comment of his; Modby's
    sygedagpenge network with its own moderator; a committee member in Modby and one in
    Andenby; an admin and a citizen.

    Staff have two-factor log-in. Nothing is reported or hidden yet."""
    municipality = make_municipality(name)
    other_municipality = make_municipality(f"Anden {name}")
    network = network_by_slug(municipality, "dagpenge")
    other_network = network_by_slug(municipality, "sygedagpenge")
    s = SimpleNamespace(municipality=municipality, other_municipality=other_municipality,
                        network=network, other_network=other_network)
    s.author = make_member(network, pseudonym="Forfatter Frede")
    s.reporter = make_member(network, pseudonym="Melder Maja")
    s.member = make_member(network, pseudonym="Medlem Magnus")
    s.moderator = make_moderator(network, pseudonym="Moderator Mona", totp=True)
    s.second_moderator = make_moderator(network, pseudonym="Moderator Mads", totp=True)
    s.other_moderator = make_moderator(other_network, pseudonym="Fremmed Moderator Fie",
                                       totp=True)
    s.committee_here = make_committee_member(municipality, pseudonym="Udvalg Ulla", totp=True)
    s.committee_other = make_committee_member(other_municipality, pseudonym="Udvalg Ole",
                                              totp=True)
    s.admin = make_user(pseudonym="Admin Alma", admin=True, totp=True)
    s.citizen = make_user(pseudonym="Borger Bo")
    forget_rules()
    s.thread = make_thread(network, s.author, title="Ventetid på jobcentret",
                           body="Jeg venter altid en time i receptionen.")
    s.post = make_post(s.thread, s.author, "Samtalen blev flyttet uden varsel.")
    s.proposal = make_proposal(network, s.author)
    s.comment = comment(s.proposal, s.author, "Min sagsbehandler skiftede tre gange på et år.")
    s.base = f"/kommuner/{municipality.slug}/{network.slug}"
    s.other_base = f"/kommuner/{municipality.slug}/{other_network.slug}"
    s.queue_url = f"{s.base}/moderation"
    s.log_url = f"{s.base}/moderation/log"
    forget_rules()
    return s


def user_for(scene: SimpleNamespace, role: str) -> User | None:
    return {"visitor": None, "citizen": scene.citizen, "member": scene.member,
            "moderator": scene.moderator, "other_moderator": scene.other_moderator,
            "committee_here": scene.committee_here, "committee_other": scene.committee_other,
            "admin": scene.admin}[role]


def person(app, scene: SimpleNamespace, role: str) -> Person:
    return Person(app, user_for(scene, role))


def url_of(obj) -> str:
    kind = kind_of(obj)
    if kind == "comment":
        return f"/forslag/{obj.proposal_id}"
    return {"post": f"/indlaeg/{obj.id}", "thread": f"/traade/{obj.id}",
            "proposal": f"/forslag/{obj.id}"}[kind]


def act_url(obj, action: str) -> str:
    return f"/moderation/{kind_of(obj)}/{obj.id}/{action}"


def decide_url(obj, decision: str) -> str:
    return f"/moderation/klager/{kind_of(obj)}/{obj.id}/{decision}"


def report_url(obj) -> str:
    return f"/anmeld/{kind_of(obj)}/{obj.id}"


def appeal_url(obj) -> str:
    return f"/klag/{kind_of(obj)}/{obj.id}"


def thread_count(network: Network) -> int:
    settle()
    return db.session.scalar(select(Network.thread_count).where(Network.id == network.id))
