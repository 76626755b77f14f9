"""Demo data for trying Borgernet: one municipality, its networks and one account per role.

Later features add their own demo objects here. Refused in the production configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from app.accounts import services as accounts
from app.accounts.models import User
from app.committee.demo import seed_committee
from app.committee.services import appoint_committee_member
from app.core.models import utcnow
from app.extensions import db
from app.forum.demo_content import DEMO_THREADS
from app.forum.models import Post, Thread
from app.forum.services import reply, start_thread
from app.moderation.demo import seed_moderation
from app.networks.models import BenefitGroup, Membership, MembershipStatus, Municipality, Network
from app.networks.services import appoint_moderator, create_municipality, decide_pending, join_network
from app.proposals.demo import seed_proposals

MUNICIPALITY = "Eksempel Kommune"


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
    _seed_forum(networks, citizens, people["borger"])
    seed_proposals(networks[BenefitGroup.SYGEDAGPENGE], people["borger"])
    seed_committee(networks[BenefitGroup.SYGEDAGPENGE], people["borger"], people["moderator"],
                   people["udvalg"])
    seed_moderation(networks[BenefitGroup.SYGEDAGPENGE], people["moderator"])
    db.session.flush()
    return True


def _ensure_member(user: User, network: Network) -> None:
    membership = db.session.scalar(select(Membership).where(
        Membership.network_id == network.id, Membership.user_id == user.id))
    if membership is None:
        membership = join_network(user, network)
    if membership.status is MembershipStatus.PENDING:
        decide_pending(membership, approve=True)


def _seed_forum(networks: dict[BenefitGroup, Network], citizens: list[User], bente: User) -> None:
    """Members in every network and the demo threads, spread over the last weeks."""
    now = utcnow()
    groups = list(BenefitGroup)
    for index, citizen in enumerate(citizens):
        for group in (groups[index % len(groups)], groups[(index + 3) % len(groups)]):
            _ensure_member(citizen, networks[group])
    for group in (BenefitGroup.SYGEDAGPENGE, BenefitGroup.DAGPENGE):
        _ensure_member(bente, networks[group])

    for group_index, group in enumerate(groups):
        network = networks[group]
        for thread_index, item in enumerate(DEMO_THREADS[group.value]):
            started = now - timedelta(days=3 + 9 * thread_index + group_index, hours=thread_index)
            (first_author, first_body), *replies = item["posts"]
            author = citizens[first_author % len(citizens)]
            _ensure_member(author, network)
            thread = start_thread(author, network, item["title"], first_body)
            moment = started
            for post in db.session.scalars(select(Post).where(Post.thread_id == thread.id)):
                post.created_at = moment
            for reply_index, (author_index, body) in enumerate(replies):
                replier = citizens[author_index % len(citizens)]
                _ensure_member(replier, network)
                moment = started + timedelta(hours=5 * (reply_index + 1))
                post = reply(replier, thread, body)
                post.created_at = moment
            thread.created_at = started
            thread.last_activity_at = moment
            db.session.flush()
        network.last_activity_at = max(
            (t for t in db.session.scalars(select(Thread.last_activity_at).where(
                Thread.network_id == network.id))), default=None)
    pinned = db.session.scalars(select(Thread).where(
        Thread.network_id == networks[BenefitGroup.SYGEDAGPENGE].id).order_by(Thread.id)).first()
    if pinned is not None:
        pinned.is_pinned = True
