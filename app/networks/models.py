"""Municipalities (tenants), their networks per benefit group, and membership roles."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.models import TimestampMixin, UTCDateTime, str_enum
from app.extensions import db


class BenefitGroup(enum.Enum):
    DAGPENGE = "dagpenge"
    KONTANTHJAELP = "kontanthjaelp"
    UDDANNELSESHJAELP = "uddannelseshjaelp"
    SYGEDAGPENGE = "sygedagpenge"
    RESSOURCEFORLOEB = "ressourceforloeb"
    JOBAFKLARINGSFORLOEB = "jobafklaringsforloeb"
    FLEKSJOB = "fleksjob"
    INTEGRATIONSPROGRAM = "integrationsprogram"

    @property
    def label(self) -> str:
        return str(BENEFIT_GROUP_LABELS[self])


BENEFIT_GROUP_LABELS = {
    BenefitGroup.DAGPENGE: _l("Dagpenge"),
    BenefitGroup.KONTANTHJAELP: _l("Kontanthjælp"),
    BenefitGroup.UDDANNELSESHJAELP: _l("Uddannelseshjælp"),
    BenefitGroup.SYGEDAGPENGE: _l("Sygedagpenge"),
    BenefitGroup.RESSOURCEFORLOEB: _l("Ressourceforløb"),
    BenefitGroup.JOBAFKLARINGSFORLOEB: _l("Jobafklaringsforløb"),
    BenefitGroup.FLEKSJOB: _l("Fleksjob og ledighedsydelse"),
    BenefitGroup.INTEGRATIONSPROGRAM: _l("Integrationsprogram"),
}


class JoinPolicy(enum.Enum):
    OPEN = "open"
    APPROVAL = "approval"


class Visibility(enum.Enum):
    PUBLIC = "public"
    MEMBERS = "members"


class MembershipRole(enum.Enum):
    MEMBER = "member"
    MODERATOR = "moderator"


class MembershipStatus(enum.Enum):
    ACTIVE = "active"
    PENDING = "pending"


class Municipality(TimestampMixin, db.Model):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    slug: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    # The committee's public promise: days from forwarding to an official answer.
    answer_deadline_days: Mapped[int] = mapped_column(Integer, default=60, server_default="60",
                                                      nullable=False)
    # Where citizens reach the municipality (its own contact page); the page header links to it
    # on the municipality's pages. Empty: the header links to Borgernet's contact page instead.
    contact_url: Mapped[str] = mapped_column(String(300), default="", server_default="",
                                             nullable=False)

    networks: Mapped[list[Network]] = relationship(back_populates="municipality",
                                                   lazy="raise_on_sql")


def stored_danish(text: str) -> str:
    """Marks Danish text that is stored in the database as it is and translated when shown
    (extracted for translation by `make messages`; see Network.shown_description)."""
    return text


# Every network starts with its group's description, in Danish.
NETWORK_DESCRIPTIONS = {
    BenefitGroup.DAGPENGE: stored_danish(
        "For dig, der får dagpenge fra din a-kasse og er i kontakt med jobcentret."),
    BenefitGroup.KONTANTHJAELP: stored_danish("For dig, der får kontanthjælp."),
    BenefitGroup.UDDANNELSESHJAELP: stored_danish(
        "For dig under 30 år, der får uddannelseshjælp."),
    BenefitGroup.SYGEDAGPENGE: stored_danish("For dig, der er sygemeldt og får sygedagpenge."),
    BenefitGroup.RESSOURCEFORLOEB: stored_danish("For dig, der er i et ressourceforløb."),
    BenefitGroup.JOBAFKLARINGSFORLOEB: stored_danish(
        "For dig, der er i et jobafklaringsforløb."),
    BenefitGroup.FLEKSJOB: stored_danish(
        "For dig, der har fleksjob eller får ledighedsydelse."),
    BenefitGroup.INTEGRATIONSPROGRAM: stored_danish("For dig, der er i integrationsprogrammet."),
}


class Network(TimestampMixin, db.Model):
    __tablename__ = "networks"
    __table_args__ = (UniqueConstraint("municipality_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True, nullable=False)
    slug: Mapped[str] = mapped_column(String(100), nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    benefit_group: Mapped[BenefitGroup] = mapped_column(str_enum(BenefitGroup), nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    join_policy: Mapped[JoinPolicy] = mapped_column(str_enum(JoinPolicy), default=JoinPolicy.OPEN,
                                                    nullable=False)
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility),
                                                   default=Visibility.PUBLIC, nullable=False)
    quorum: Mapped[int] = mapped_column(Integer, default=10, nullable=False)
    # Counters kept in the same transaction as the writes they count, so no page counts rows.
    member_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    thread_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    municipality: Mapped[Municipality] = relationship(back_populates="networks")

    @property
    def shown_description(self) -> str:
        """The description in the reader's language when it is still its group's own."""
        if self.description == NETWORK_DESCRIPTIONS.get(self.benefit_group):
            return gettext(self.description)
        return self.description

    @property
    def is_public(self) -> bool:
        return self.visibility is Visibility.PUBLIC

    @property
    def needs_approval(self) -> bool:
        return self.join_policy is JoinPolicy.APPROVAL


class Membership(TimestampMixin, db.Model):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("network_id", "user_id"),
        # Member lists and the moderators' queue of pending members, in join order.
        Index("ix_memberships_network_status_id", "network_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"),
                                            nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True,
                                         nullable=False)
    role: Mapped[MembershipRole] = mapped_column(str_enum(MembershipRole),
                                                 default=MembershipRole.MEMBER, nullable=False)
    status: Mapped[MembershipStatus] = mapped_column(
        str_enum(MembershipStatus), default=MembershipStatus.ACTIVE, nullable=False)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the membership became active (approval networks: when a moderator approved it).
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    network: Mapped[Network] = relationship()
    user: Mapped[User] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status is MembershipStatus.ACTIVE

    def is_suspended(self, now: datetime) -> bool:
        return self.suspended_until is not None and self.suspended_until > now
