"""Focus groups: an invitation, the people who volunteer, and the published lottery.

A ``FocusGroup`` moves draft -> open -> drawn -> held -> summarised (or cancelled before it is
held) through the guarded transitions below. A ``Volunteer`` holds what a person told the
organiser (contact details, needs); the rows are deleted 30 days after the meeting
(``services.purge_volunteers``). What anyone needs to re-run the lottery (the seed, the
quotas, the anonymous numbers and their strata) is kept on the focus group itself.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.core.errors import InvalidTransition
from app.core.models import TimestampMixin, UTCDateTime, str_enum
from app.extensions import db
from app.focusgroups import lottery
from app.networks.models import BenefitGroup, Municipality, Network

PURGE_AFTER = timedelta(days=30)


class FocusGroupState(enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    DRAWN = "drawn"
    HELD = "held"
    SUMMARISED = "summarised"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])


STATE_LABELS = {
    FocusGroupState.DRAFT: _l("Kladde"),
    FocusGroupState.OPEN: _l("Du kan melde dig"),
    FocusGroupState.DRAWN: _l("Der er trukket lod"),
    FocusGroupState.HELD: _l("Mødet er holdt"),
    FocusGroupState.SUMMARISED: _l("Opsamlingen er klar"),
    FocusGroupState.CANCELLED: _l("Aflyst"),
}


class MeetingForm(enum.Enum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return str(FORM_LABELS[self])


FORM_LABELS = {MeetingForm.IN_PERSON: _l("Fremmøde"), MeetingForm.PHONE: _l("Telefon"),
               MeetingForm.VIDEO: _l("Video")}


class Stratum(enum.Enum):
    """How long a volunteer has been in the system: the lottery's strata."""

    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"

    @property
    def label(self) -> str:
        return str(STRATUM_LABELS[self])


STRATUM_LABELS = {Stratum.SHORT: _l("Under 1 år"), Stratum.MEDIUM: _l("1 til 3 år"),
                  Stratum.LONG: _l("Mere end 3 år")}


class QuotaBasis(enum.Enum):
    """What the published quotas are per: time in the system, or benefit group."""

    TIME = "time"
    BENEFIT = "benefit"

    @property
    def label(self) -> str:
        return str(QUOTA_BASIS_LABELS[self])

    @property
    def groups(self) -> tuple:
        """The groups with a quota, in the lottery's fixed order (lottery.ORDERS)."""
        return tuple(Stratum) if self is QuotaBasis.TIME else tuple(BenefitGroup)

    @property
    def order(self) -> tuple[str, ...]:
        return lottery.ORDERS[self.value]


QUOTA_BASIS_LABELS = {QuotaBasis.TIME: _l("Tid i systemet"), QuotaBasis.BENEFIT: _l("Ydelse")}
NO_ANSWER_LABEL = _l("Ville ikke svare")


class VolunteerStatus(enum.Enum):
    VOLUNTEERED = "volunteered"
    SELECTED = "selected"  # offered a seat, no answer yet
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WAITLISTED = "waitlisted"
    NOT_SELECTED = "not_selected"

    @property
    def label(self) -> str:
        return str(VOLUNTEER_LABELS[self])


VOLUNTEER_LABELS = {
    VolunteerStatus.VOLUNTEERED: _l("Meldt til lodtrækningen"),
    VolunteerStatus.SELECTED: _l("Udtrukket, venter på svar"),
    VolunteerStatus.ACCEPTED: _l("Har sagt ja"),
    VolunteerStatus.DECLINED: _l("Har sagt nej"),
    VolunteerStatus.WAITLISTED: _l("På ventelisten"),
    VolunteerStatus.NOT_SELECTED: _l("Ikke udtrukket"),
}
SEAT_HOLDERS = (VolunteerStatus.SELECTED, VolunteerStatus.ACCEPTED)


def commitment_of(seed: str) -> str:
    """The SHA-256 of the seed, published before the draw; the seed is shown after it."""
    return hashlib.sha256(seed.encode()).hexdigest()


class FocusGroup(TimestampMixin, db.Model):
    __tablename__ = "focus_groups"
    __table_args__ = (
        Index("ix_focus_groups_municipality_id_id", "municipality_id", "id"),
        Index("ix_focus_groups_state_starts_at", "state", "starts_at"),
        CheckConstraint("seats BETWEEN 1 AND 50", name="seats_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=False)
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    organiser_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    state: Mapped[FocusGroupState] = mapped_column(
        str_enum(FocusGroupState, length=16), default=FocusGroupState.DRAFT, nullable=False)
    topic: Mapped[str] = mapped_column(String(150), nullable=False)
    description: Mapped[str] = mapped_column(Text, default="", nullable=False)
    audience: Mapped[str] = mapped_column(Text, default="", nullable=False)
    meeting_form: Mapped[MeetingForm] = mapped_column(str_enum(MeetingForm, length=16),
                                                      nullable=False)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=90, nullable=False)
    place: Mapped[str] = mapped_column(String(300), default="", nullable=False)
    seats: Mapped[int] = mapped_column(Integer, nullable=False)
    compensation: Mapped[str] = mapped_column(Text, default="", nullable=False)
    accessibility: Mapped[str] = mapped_column(Text, default="", nullable=False)
    recording: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # What the quotas are per (time in the system or benefit group), and the seats per group
    # (Stratum or BenefitGroup value -> seats), published with the invitation.
    quota_basis: Mapped[QuotaBasis] = mapped_column(
        str_enum(QuotaBasis, length=16), default=QuotaBasis.TIME, server_default="time",
        nullable=False)
    quotas: Mapped[dict[str, int]] = mapped_column(JSON, default=dict, nullable=False)
    # "Tilmelding senest": volunteering closes then, and only then may the lots be drawn.
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Drawn when the invitation opens; only its SHA-256 is shown until the lottery is drawn.
    seed: Mapped[str | None] = mapped_column(String(64))
    seed_commitment: Mapped[str | None] = mapped_column(String(64))
    # The lottery as published: [[number, stratum], ...] and {"selected": [...], "waitlist": [...]}.
    draw_entries: Mapped[list | None] = mapped_column(JSON)
    draw_result: Mapped[dict | None] = mapped_column(JSON)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    summary: Mapped[str] = mapped_column(Text, default="", nullable=False)
    summary_html: Mapped[str] = mapped_column(Text, default="", nullable=False)
    linked_proposal_ids: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    summarised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    volunteers_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    municipality: Mapped[Municipality] = relationship()
    network: Mapped[Network | None] = relationship()
    organiser: Mapped[User | None] = relationship()

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def purge_due_at(self) -> datetime:
        return self.starts_at + PURGE_AFTER

    @property
    def seed_is_public(self) -> bool:
        return self.draw_result is not None

    def quota_of(self, group: Stratum | BenefitGroup) -> int:
        return int((self.quotas or {}).get(group.value, 0))

    def quota_rows(self) -> list[tuple[str, int]]:
        """The published quotas as (group's label, seats), in the lottery's order."""
        return [(group.label, self.quota_of(group)) for group in self.quota_basis.groups]

    @property
    def free_seats(self) -> int:
        """Seats not set aside for a group: they go to everyone left."""
        return self.seats - sum(self.quota_of(group) for group in self.quota_basis.groups)

    def group_label(self, value: str) -> str:
        """The label of a group in the published lottery (a Stratum or BenefitGroup value)."""
        if value == lottery.NO_ANSWER:
            return str(NO_ANSWER_LABEL)
        kind = Stratum if self.quota_basis is QuotaBasis.TIME else BenefitGroup
        return kind(value).label

    def volunteering_closed(self, now: datetime) -> bool:
        """After "Tilmelding senest" nobody may volunteer, and the organiser may draw."""
        return self.closes_at is not None and now >= self.closes_at

    def may_draw(self, now: datetime) -> bool:
        """Once volunteering is closed. An invitation opened before there were closing dates
        (no ``closes_at``) closes when the organiser draws, as it did then."""
        return self.closes_at is None or now >= self.closes_at

    def can_take_volunteers(self, now: datetime) -> bool:
        return self.state is FocusGroupState.OPEN and not self.volunteering_closed(now)

    # --- guarded transitions ---------------------------------------------------------------

    def require(self, *states: FocusGroupState) -> None:
        if self.state not in states:
            raise InvalidTransition(_("Det kan ikke lade sig gøre, når fokusgruppen har status "
                                      "»%(state)s«.", state=self.state.label))

    def open_for_volunteers(self, now: datetime, seed: str) -> None:
        self.require(FocusGroupState.DRAFT)
        if self.closes_at is None:
            raise InvalidTransition(_("Skriv, hvornår man senest kan melde sig. Ret "
                                      "invitationen først."))
        if self.closes_at <= now:
            raise InvalidTransition(_("Fristen for at melde sig er overskredet. Ret "
                                      "invitationen først."))
        self.state = FocusGroupState.OPEN
        self.opened_at = now
        self.seed = seed
        self.seed_commitment = commitment_of(seed)

    def record_draw(self, now: datetime, entries: list, result: dict) -> None:
        self.require(FocusGroupState.OPEN)
        if not self.may_draw(now):
            raise InvalidTransition(_("Du kan først trække lod, når fristen for at melde sig "
                                      "er overskredet."))
        self.state = FocusGroupState.DRAWN
        self.drawn_at = now
        self.draw_entries = entries
        self.draw_result = result

    def mark_held(self, now: datetime) -> None:
        self.require(FocusGroupState.DRAWN)
        if now < self.starts_at:
            raise InvalidTransition(_("Mødet er ikke begyndt endnu."))
        self.state = FocusGroupState.HELD
        self.held_at = now

    def publish_summary(self, now: datetime, text: str, html: str, proposal_ids: list[int]) -> None:
        self.require(FocusGroupState.HELD)
        self.state = FocusGroupState.SUMMARISED
        self.summary, self.summary_html = text, html
        self.linked_proposal_ids = proposal_ids
        self.summarised_at = now

    def cancel(self, now: datetime) -> None:
        self.require(FocusGroupState.DRAFT, FocusGroupState.OPEN, FocusGroupState.DRAWN)
        self.state = FocusGroupState.CANCELLED
        self.cancelled_at = now


class Volunteer(db.Model):
    """One person's offer to take part. Deleted 30 days after the meeting."""

    __tablename__ = "focus_group_volunteers"
    __table_args__ = (
        UniqueConstraint("focus_group_id", "user_id",
                         name="uq_focus_group_volunteers_focus_group_id_user_id"),
        UniqueConstraint("focus_group_id", "number",
                         name="uq_focus_group_volunteers_focus_group_id_number"),
        CheckConstraint("consented_at IS NOT NULL", name="consent_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    focus_group_id: Mapped[int] = mapped_column(
        ForeignKey("focus_groups.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True,
                                         nullable=False)
    # The anonymous number the published lottery shows (1, 2, 3 ... in order of sign-up).
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    stratum: Mapped[Stratum] = mapped_column(str_enum(Stratum, length=16), nullable=False)
    benefit_group: Mapped[BenefitGroup | None] = mapped_column(str_enum(BenefitGroup))
    preferred_form: Mapped[MeetingForm | None] = mapped_column(str_enum(MeetingForm, length=16))
    needs: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # Phone or e-mail, as the person chose; shown to the organiser only after they accept.
    contact: Mapped[str] = mapped_column(String(254), nullable=False)
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[VolunteerStatus] = mapped_column(
        str_enum(VolunteerStatus, length=16), default=VolunteerStatus.VOLUNTEERED, nullable=False)
    waitlist_position: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    focus_group: Mapped[FocusGroup] = relationship()
    user: Mapped[User] = relationship()

    @property
    def holds_seat(self) -> bool:
        return self.status in SEAT_HOLDERS

    def lottery_group(self, basis: QuotaBasis) -> str:
        """The group the person is in for the lottery: the stratum or the benefit group."""
        if basis is QuotaBasis.TIME:
            return self.stratum.value
        return self.benefit_group.value if self.benefit_group else lottery.NO_ANSWER
