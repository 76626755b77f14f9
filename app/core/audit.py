"""The append-only audit log of moderation actions and committee steps.

``record_audit`` is the only writer. Nothing in the app updates or deletes an entry: there
is no route, service or admin page for it, and a test checks that.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import UTCDateTime, utcnow
from app.core.vocabulary import EventKind, checked
from app.extensions import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_network_id_id", "network_id", "id"),
        Index("ix_audit_entries_municipality_id_id", "municipality_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(60), nullable=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                 index=True)
    reason: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # What the action was about: explicit keys, never a generic "object id".
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id", ondelete="SET NULL"))
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="SET NULL"))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id",
                                                               ondelete="SET NULL"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("proposal_comments.id",
                                                              ondelete="SET NULL"))
    subject_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                   ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    actor = relationship("User", foreign_keys=[actor_id])
    subject_user = relationship("User", foreign_keys=[subject_user_id])


def record_audit(action: EventKind, *, actor, reason: str = "", network_id: int | None = None,
                 municipality_id: int | None = None, thread_id: int | None = None,
                 post_id: int | None = None, proposal_id: int | None = None,
                 comment_id: int | None = None, subject_user=None) -> AuditEntry:
    entry = AuditEntry(action=checked(action), actor_id=getattr(actor, "id", None), reason=reason or "",
                       network_id=network_id, municipality_id=municipality_id,
                       thread_id=thread_id, post_id=post_id, proposal_id=proposal_id,
                       comment_id=comment_id, subject_user_id=getattr(subject_user, "id", None))
    db.session.add(entry)
    return entry

