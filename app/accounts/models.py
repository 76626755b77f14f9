"""Accounts: the person behind a pseudonym, and their two-factor recovery codes."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin, UTCDateTime
from app.extensions import db


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(40), nullable=False)
    # Lower-cased copy so "Mette" and "mette" cannot both exist.
    pseudonym_key: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # Handed to Flask-Login as the user id; rotating it ends every session and remember cookie.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, nullable=False,
                                               default=new_session_token)
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_counter: Mapped[int | None] = mapped_column(Integer)
    locale: Mapped[str | None] = mapped_column(String(5))
    terms_accepted_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    # None until the person followed the link mailed at sign-up; such an account cannot log in.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="raise_on_sql")

    def get_id(self) -> str:
        return self.session_token

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def totp_enabled(self) -> bool:
        return self.totp_secret is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.pseudonym!r}>"


class RecoveryCode(db.Model):
    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True,
                                         nullable=False)
    code_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="recovery_codes")


class ReleasedPseudonym(db.Model):
    """A pseudonym freed by a deleted profile, held back for a quarantine period so nobody
    can pose as the person who left. Only a keyed hash (HMAC) of the pseudonym's key is
    kept, with the day it was freed: the name itself is gone."""

    __tablename__ = "released_pseudonyms"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    released_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
