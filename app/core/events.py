"""The one door for everything notifications will deliver.

Features record what happened with ``record_event``; a later notification step reads the
events and delivers them (in-app, e-mail now or as a digest). Events are records, not
control flow: nothing listens to them inside the request.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, String, false
from sqlalchemy.orm import Mapped, mapped_column

from app.core.db import note_event_recorded
from app.core.models import UTCDateTime, utcnow
from app.core.vocabulary import EventKind, checked, names_to_member
from app.extensions import db


class Event(db.Model):
    __tablename__ = "events"
    __table_args__ = (Index("ix_events_proposal_id_id", "proposal_id", "id"),
                      Index("ix_events_notified_id", "notified", "id"),
                      # The moderators' crisis alerts and the reminder look-ups ask by kind.
                      Index("ix_events_kind_network_id_id", "kind", "network_id", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(60), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                 index=True)
    # The person the event is addressed to, when it has one (an invitation, say).
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True)
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id",
                                                               ondelete="CASCADE"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    # Set once the notifications step has turned the event into notifications.
    notified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false(),
                                           nullable=False)


def record_event(kind: EventKind, *, actor=None, recipient=None,
                 network_id: int | None = None, proposal_id: int | None = None,
                 **data: Any) -> Event:
    """Record that something happened; `kind` is declared by the feature and registered."""
    event = Event(kind=checked(kind), actor_id=getattr(actor, "id", None),
                  recipient_id=getattr(recipient, "id", None), network_id=network_id,
                  proposal_id=proposal_id, data=data)
    db.session.add(event)
    note_event_recorded()
    return event


def messages_for(user_id: int, limit: int = 20) -> list[Event]:
    """What this person was told: the events addressed to them whose kind is a message to the
    member (today moderation's warnings, hidden content, suspensions and appeals)."""
    from sqlalchemy import select

    return list(db.session.scalars(
        select(Event).where(Event.recipient_id == user_id, Event.kind.in_(names_to_member()))
        .order_by(Event.id.desc()).limit(limit)))
