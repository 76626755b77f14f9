"""Creating municipalities and networks, and appointing moderators."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import User
from app.core.audit import record_audit
from app.core.dates import format_day
from app.core.errors import DomainError
from app.core.events import record_event
from app.core.models import utcnow
from app.extensions import db
from app.networks.events import MEMBERSHIP_APPROVED, MEMBERSHIP_DECLINED, SETTINGS_CHANGED
from app.networks.models import (
    NETWORK_DESCRIPTIONS,
    BenefitGroup,
    JoinPolicy,
    Membership,
    MembershipRole,
    MembershipStatus,
    Municipality,
    Network,
    Visibility,
)

DANISH_NAMES = {
    BenefitGroup.DAGPENGE: "Dagpenge",
    BenefitGroup.KONTANTHJAELP: "Kontanthjælp",
    BenefitGroup.UDDANNELSESHJAELP: "Uddannelseshjælp",
    BenefitGroup.SYGEDAGPENGE: "Sygedagpenge",
    BenefitGroup.RESSOURCEFORLOEB: "Ressourceforløb",
    BenefitGroup.JOBAFKLARINGSFORLOEB: "Jobafklaringsforløb",
    BenefitGroup.FLEKSJOB: "Fleksjob og ledighedsydelse",
    BenefitGroup.INTEGRATIONSPROGRAM: "Integrationsprogram",
}


def slugify(text: str) -> str:
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


CONTACT_URL_MAX = 300


def set_contact_url(municipality: Municipality, url: str) -> None:
    """Where citizens contact the municipality: a web address (https://...), or nothing."""
    url = url.strip()
    parts = urlsplit(url)
    if url and (parts.scheme not in ("https", "http") or "." not in parts.netloc
                or any(c.isspace() for c in url) or len(url) > CONTACT_URL_MAX):
        raise DomainError(_("Skriv en webadresse, der begynder med https://, for eksempel "
                            "https://www.kommune.dk/kontakt."), field="contact_url")
    municipality.contact_url = url
    db.session.flush()


def create_municipality(name: str) -> Municipality:
    """A municipality with its eight benefit-group networks, open and public by default."""
    name = " ".join(name.split())
    slug = slugify(name)
    if db.session.scalar(select(Municipality.id).where(
            (Municipality.slug == slug) | (Municipality.name == name))):
        raise DomainError(_("Kommunen findes allerede."), field="name")
    municipality = Municipality(name=name, slug=slug)
    db.session.add(municipality)
    db.session.flush()
    for group in BenefitGroup:
        approval = group in (BenefitGroup.RESSOURCEFORLOEB, BenefitGroup.JOBAFKLARINGSFORLOEB)
        db.session.add(Network(
            municipality_id=municipality.id, slug=slugify(group.value),
            name=DANISH_NAMES[group], benefit_group=group,
            description=NETWORK_DESCRIPTIONS[group],
            join_policy=JoinPolicy.APPROVAL if approval else JoinPolicy.OPEN,
            visibility=Visibility.MEMBERS if approval else Visibility.PUBLIC))
    db.session.flush()
    return municipality


def appoint_moderator(user: User, network: Network) -> Membership:
    membership = db.session.scalar(select(Membership).where(
        Membership.network_id == network.id, Membership.user_id == user.id))
    if membership is None:
        membership = Membership(network_id=network.id, user_id=user.id,
                                status=MembershipStatus.PENDING)
        db.session.add(membership)
    elif membership.role is MembershipRole.MODERATOR:
        raise DomainError(_("%(name)s er allerede moderator i netværket.", name=user.pseudonym),
                          field="pseudonym")
    if membership.status is not MembershipStatus.ACTIVE:
        _count_member(network, +1)
        membership.joined_at = utcnow()
    membership.role = MembershipRole.MODERATOR
    membership.status = MembershipStatus.ACTIVE
    db.session.flush()
    return membership


# --- membership -----------------------------------------------------------------------------

def _membership(user: User, network: Network) -> Membership | None:
    return db.session.scalar(select(Membership).where(
        Membership.network_id == network.id, Membership.user_id == user.id))


def _count_member(network: Network, delta: int) -> None:
    network.member_count = Network.member_count + delta  # atomic in SQL, same transaction


def join_network(user: User, network: Network) -> Membership:
    """Open networks: member at once. Approval networks: pending until a moderator decides."""
    if _membership(user, network) is not None:
        raise DomainError(_("Du er allerede medlem af netværket, eller du venter på svar."))
    status = MembershipStatus.PENDING if network.needs_approval else MembershipStatus.ACTIVE
    membership = Membership(network_id=network.id, user_id=user.id, status=status,
                            joined_at=utcnow() if status is MembershipStatus.ACTIVE else None)
    db.session.add(membership)
    if status is MembershipStatus.ACTIVE:
        _count_member(network, +1)
    db.session.flush()
    return membership


def leave_network(user: User, network: Network) -> None:
    membership = _membership(user, network)
    if membership is None:
        raise DomainError(_("Du er ikke medlem af netværket."))
    if membership.is_suspended(utcnow()):
        raise DomainError(_("Du kan ikke forlade netværket, mens du er udelukket. "
                            "Udelukkelsen slutter %(date)s.",
                            date=format_day(membership.suspended_until, "long")))
    if membership.is_active:
        _count_member(network, -1)
    db.session.delete(membership)
    db.session.flush()


def decide_pending(membership: Membership, approve: bool, actor: User | None = None) -> None:
    """A moderator's answer to a request to join; the person is told either way (the page
    they asked on promised it)."""
    if membership.status is not MembershipStatus.PENDING:
        raise DomainError(_("Anmodningen er allerede afgjort."))
    network = membership.network
    record_event(MEMBERSHIP_APPROVED if approve else MEMBERSHIP_DECLINED, actor=actor,
                 recipient=membership.user, network_id=network.id,
                 municipality_slug=network.municipality.slug, network_slug=network.slug)
    if approve:
        membership.status = MembershipStatus.ACTIVE
        membership.joined_at = utcnow()
        _count_member(network, +1)
    else:
        db.session.delete(membership)
    db.session.flush()


QUORUM_MIN, QUORUM_MAX = 1, 1000


def change_settings(actor: User, network: Network, quorum: int, join_policy: JoinPolicy,
                    visibility: Visibility) -> bool:
    """An admin changes a network's quorum, join policy and visibility; what changed goes to
    the audit log. False when nothing changed."""
    if not QUORUM_MIN <= quorum <= QUORUM_MAX:
        raise DomainError(_("Beslutningsdygtigheden skal være mellem %(min)d og %(max)d stemmer.",
                            min=QUORUM_MIN, max=QUORUM_MAX), field="quorum")
    changes = [f"{name}: {old} -> {new}" for name, old, new in (
        ("quorum", network.quorum, quorum), ("join_policy", network.join_policy.value,
                                             join_policy.value),
        ("visibility", network.visibility.value, visibility.value)) if old != new]
    if not changes:
        return False
    network.quorum, network.join_policy, network.visibility = quorum, join_policy, visibility
    record_audit(SETTINGS_CHANGED, actor=actor, reason="; ".join(changes), network_id=network.id,
                 municipality_id=network.municipality_id)
    db.session.flush()
    return True
