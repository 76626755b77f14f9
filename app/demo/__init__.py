"""Demo data for trying Borgernet (`flask seed-demo`): one municipality, its networks, one
account per role, and the threads, proposals, forwardings and moderation cases that make each
page worth a look. Refused in the production configuration.

This package sits on top of the house: it may use every feature, and no feature imports it.
Each feature's part has a module here; later features add theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import User
from app.committee.services import appoint_committee_member
from app.demo.committee import seed_committee
from app.demo.focusgroups import seed_focus_groups
from app.demo.forum import seed_forum
from app.demo.home import seed_front_page
from app.demo.moderation import seed_moderation
from app.demo.proposals import seed_proposals
from app.demo.surveys import seed_surveys
from app.extensions import db
from app.networks.models import BenefitGroup, Municipality, Network
from app.networks.services import appoint_moderator, create_municipality, set_contact_url
from app.surveys.services import today as survey_today

MUNICIPALITY = "Eksempel Kommune"
CONTACT_URL = "https://www.eksempel-kommune.example/kontakt"  # the header's "Kontakt ..." link


@dataclass(frozen=True)
class DemoAccount:
    role: str
    pseudonym: str
    email: str
    password: str
    totp_secret: str | None = None


# Listed in README.md; keep the two in step.
DEMO_ACCOUNTS = (
    DemoAccount("borger", "Bente", "borger@eksempel.dk", "Borger-Demo-Kaffekop-7"),
    DemoAccount("moderator", "Mads Moderator", "moderator@eksempel.dk",
                "Moderator-Demo-Cykelsti-4", "EP76VAQUUIVF6MR4Z72YWRAQQNQL64FZ"),
    DemoAccount("udvalg", "Ulla fra udvalget", "udvalg@eksempel.dk", "Udvalg-Demo-Raadhus-9",
                "G7BTQIG3BBPTDIVPPA6U5VLNMHOHRM6B"),
    DemoAccount("admin", "Admin Anne", "admin@eksempel.dk", "Admin-Demo-Nøglebundt-2",
                "JVDHAOG4ZDF57OICZPOREU2UGGO2FRB7"),
)

CITIZEN_PSEUDONYMS = (
    "Kaffe og kamp", "Lise K", "Ahmad", "Trætte Tove", "Jens fra Vest", "Sofie93", "Mor til tre",
    "Karim", "Hanne H", "Stille Peter", "Birgitte", "Ole på sygedagpenge", "Nadia", "Rikke R",
    "Frank", "Yasmin", "Morten M",
)
CITIZEN_PASSWORD = "Borger-Demo-Kaffekop-7"


def _make_user(pseudonym: str, email: str, password: str) -> User:
    return accounts.register_user(accounts.Registration(
        pseudonym=pseudonym, email=email, password=password, accepted_terms=True),
        confirmed=True)


def seed_demo() -> bool:
    """Create the demo data once. Returns False when it is already there."""
    if db.session.scalar(select(Municipality.id).where(Municipality.name == MUNICIPALITY)):
        return False
    municipality = create_municipality(MUNICIPALITY)
    set_contact_url(municipality, CONTACT_URL)
    networks = {n.benefit_group: n for n in db.session.scalars(
        select(Network).where(Network.municipality_id == municipality.id))}

    people = {}
    for account in DEMO_ACCOUNTS:
        user = _make_user(account.pseudonym, account.email, account.password)
        user.totp_secret = account.totp_secret
        people[account.role] = user
    people["admin"].is_admin = True
    appoint_moderator(people["moderator"], networks[BenefitGroup.SYGEDAGPENGE])
    appoint_moderator(people["moderator"], networks[BenefitGroup.DAGPENGE])
    appoint_committee_member(people["udvalg"], municipality)

    citizens = [_make_user(pseudonym, f"borger{index + 1}@eksempel.dk", CITIZEN_PASSWORD)
                for index, pseudonym in enumerate(CITIZEN_PSEUDONYMS)]
    seed_forum(networks, citizens, people["borger"])
    seed_proposals(networks[BenefitGroup.SYGEDAGPENGE], people["borger"])
    seed_committee(networks[BenefitGroup.SYGEDAGPENGE], people["borger"], people["moderator"],
                   people["udvalg"])
    seed_moderation(networks[BenefitGroup.SYGEDAGPENGE], people["moderator"])
    seed_focus_groups(networks[BenefitGroup.SYGEDAGPENGE], people["moderator"], people["admin"],
                      citizens, people["borger"])
    seed_surveys(municipality, survey_today(), people["udvalg"])
    seed_front_page(networks, citizens, people["borger"])
    db.session.flush()
    return True
