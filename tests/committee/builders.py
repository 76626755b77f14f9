"""The committee tests' scene and a browser that signs in with the second factor.

The scene is Forslagsby's public Sygedagpenge network (quorum 3) from the proposal tests, plus
a passed proposal with comments, staff with two-factor log-in in every role the permission
matrix needs, and a second municipality with its own committee.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pyotp
from sqlalchemy import func, select

from app.accounts.models import User
from app.committee import services
from app.committee.models import AnswerStatus, Forwarding, local_today
from app.core.audit import AuditEntry
from app.core.events import Event
from app.extensions import db
from app.proposals.models import Proposal
from tests.conftest import csrf_token
from tests.factories import (
    PASSWORD,
    make_committee_member,
    make_moderator,
    make_municipality,
    make_user,
    network_by_slug,
    totp_now,
)
from tests.proposals.builders import Browser, _settle, build_scene, comment, decided, done, members

COVER_NOTE = "Netværket står bag forslaget. Vi håber, udvalget vil tage det op."
ANSWER_TEXT = "Udvalget siger ja. Jobcentret begynder til august."


def with_second_factor(user: User) -> User:
    user.totp_secret = pyotp.random_base32()
    done()
    return user


def build_committee_scene(quorum: int = 3) -> SimpleNamespace:
    scene = build_scene(quorum)
    with_second_factor(scene.moderator)
    scene.voters = members(scene.network, 3)
    scene.passed = decided(scene.network, scene.creator, scene.voters, for_=3,
                           title="Samtale i telefonen, når man er syg")
    scene.comments = [comment(scene.passed, scene.voters[i % 3], f"Kommentar {i} til forslaget.")
                      for i in range(7)]
    scene.other_network = network_by_slug(scene.municipality, "dagpenge")
    scene.other_moderator = make_moderator(scene.other_network, pseudonym="Anden Moderator",
                                           totp=True)
    scene.committee = make_committee_member(scene.municipality, pseudonym="Udvalg Ulla", totp=True)
    scene.other_municipality = make_municipality("Andenby")
    scene.other_committee = make_committee_member(scene.other_municipality,
                                                  pseudonym="Andenby Udvalg", totp=True)
    scene.admin = make_user(pseudonym="Admin Anne", admin=True, totp=True)
    m, n = scene.municipality.slug, scene.network.slug
    scene.dashboard_url = f"/kommuner/{m}/{n}/videresend"
    scene.forward_url = f"/kommuner/{m}/{n}/videresend/{scene.passed.id}"
    scene.committee_url = f"/udvalg/{m}"
    scene.dossier_url = f"/udvalg/{m}/forslag/{scene.passed.id}"
    scene.proposal_url = f"/forslag/{scene.passed.id}"
    done()
    return scene


# --- moving a proposal along through the services (committed, as a request would) -------------

def forward(scene, proposal: Proposal | None = None, comment_ids=(), note: str = COVER_NOTE,
            now=None) -> Forwarding:
    forwarding = services.forward_proposal(scene.moderator, proposal or scene.passed, note,
                                           comment_ids, now=now)
    done()
    return forwarding


def receive(scene, forwarding: Forwarding) -> Forwarding:
    services.record_receipt(scene.committee, forwarding)
    done()
    return forwarding


def schedule(scene, forwarding: Forwarding, day: date | None = None) -> Forwarding:
    services.set_meeting_date(scene.committee, forwarding, day or local_today() + timedelta(days=10))
    done()
    return forwarding


def answer(scene, forwarding: Forwarding, status: AnswerStatus = AnswerStatus.ADOPTED,
           text: str = ANSWER_TEXT) -> Forwarding:
    services.record_answer(scene.committee, forwarding, status, text)
    done()
    return forwarding


# --- reading the database -------------------------------------------------------------------

def audit_entries(proposal_id: int | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if proposal_id is not None:
        query = query.where(AuditEntry.proposal_id == proposal_id)
    return list(db.session.scalars(query))


def audit_count() -> int:
    return db.session.scalar(select(func.count(AuditEntry.id)))


def committee_events(proposal_id: int) -> list[Event]:
    return list(db.session.scalars(select(Event).where(
        Event.proposal_id == proposal_id, Event.kind.like("committee.%")).order_by(Event.id)))


def forwarding_of(proposal: Proposal) -> Forwarding | None:
    db.session.rollback()
    return db.session.scalar(select(Forwarding).where(Forwarding.proposal_id == proposal.id))


# --- a browser signed in with the second factor ---------------------------------------------

def sign_in(app, user: User | None) -> Browser:
    """A browser for `user` (None: a visitor). Users with two-factor log-in enter a code."""
    browser = Browser(app)
    if user is None:
        return browser
    client = browser.client
    response = client.post("/konto/log-ind", data={
        "csrf_token": csrf_token(client, "/konto/log-ind"), "login": user.pseudonym,
        "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    if user.totp_secret:
        assert "/konto/log-ind/kode" in response.headers["Location"]
        response = client.post("/konto/log-ind/kode", data={
            "csrf_token": csrf_token(client, "/konto/log-ind/kode"), "code": totp_now(user)})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    client.get(response.headers["Location"])  # shows (and so clears) the flash message
    _settle()
    return browser
