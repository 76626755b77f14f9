"""Columns every moderatable piece of content carries: hidden by whom, when and why."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from app.core.models import UTCDateTime


class HideableMixin:
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_reason: Mapped[str | None] = mapped_column(String(500))

    @declared_attr
    def hidden_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None
