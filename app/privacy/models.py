"""A large export, built by the job queue and kept for a day as a download for its owner."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary
from sqlalchemy.orm import Mapped, mapped_column

from app.core.models import UTCDateTime, utcnow
from app.extensions import db


class StoredExport(db.Model):
    """The ZIP of one person's data, kept in the database so every app server and worker
    sees it (SQLite and PostgreSQL alike). ``content`` is None until the job has built it;
    ``flask purge`` deletes the row once ``expires_at`` has passed, and deleting the profile
    takes it with it (ON DELETE CASCADE)."""

    __tablename__ = "stored_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True,
                                         nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Loaded only when the file is downloaded.
    content: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)

    @property
    def ready(self) -> bool:
        return self.ready_at is not None
