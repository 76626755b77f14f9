"""Large exports: built by the job queue, kept for a day, fetched with a signed link that
works only for the signed-in owner.

A person whose export holds more than ``PRIVACY_EXPORT_INLINE_MAX_ROWS`` rows does not wait
for it in the request: ``request_export`` notes the wish (one stored export per person; a new
wish replaces the old), the job ``build`` makes the ZIP and stores it in ``stored_exports``,
and the export page links to it. The link is signed (itsdangerous, its own salt) and names
the export and its owner; it stops working when the stored export expires
(``PRIVACY_EXPORT_MAX_AGE``, 24 hours), is replaced, is purged (``flask purge``) or the
profile is deleted. A smaller export comes at once, as before.
"""

from __future__ import annotations

import enum
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, select

from app.accounts.models import User
from app.core.db import commit
from app.core.events import record_event
from app.core.mail import url_context
from app.core.models import utcnow
from app.extensions import db
from app.privacy import export
from app.privacy.events import EXPORT_READY
from app.privacy.models import StoredExport

SALT = "borgernet.privacy-export"


class Refusal(enum.Enum):
    """Why a download link gives no file."""

    BROKEN = "broken"  # not a link we made (changed, cut short)
    EXPIRED = "expired"  # too old, replaced by a newer export, or purged
    NOT_YOURS = "not-yours"  # made for another profile


def _max_age() -> int:
    return current_app.config["PRIVACY_EXPORT_MAX_AGE"]


def needs_job(user: User) -> bool:
    return export.size(user) > current_app.config["PRIVACY_EXPORT_INLINE_MAX_ROWS"]


def request_export(user: User) -> int:
    """Note that the person wants their export built; replaces any earlier one. Returns the
    id the job is given (enqueue it after the commit)."""
    db.session.execute(delete(StoredExport).where(StoredExport.user_id == user.id))
    now = utcnow()
    row = StoredExport(user_id=user.id, created_at=now,
                       expires_at=now + timedelta(seconds=_max_age()))
    db.session.add(row)
    db.session.flush()
    return row.id


def build(export_id: int) -> None:
    """The job: build the ZIP and store it. Does nothing when the export is gone (replaced,
    purged, or the profile deleted) or already built."""
    row = db.session.get(StoredExport, export_id)
    if row is None or row.ready:
        return
    user = db.session.get(User, row.user_id)
    with url_context():  # a worker: the readable page is rendered as for a request to BASE_URL
        content = _zip(user)
    row.content = content
    row.ready_at = utcnow()
    record_event(EXPORT_READY, recipient=user)  # the bell, and e-mail if the person chose it
    commit()


def _zip(user: User) -> bytes:
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        return export.build_zip(user)


def current(user: User) -> StoredExport | None:
    """The person's stored export that has not expired, if any (without its content)."""
    return db.session.scalar(select(StoredExport).where(
        StoredExport.user_id == user.id, StoredExport.expires_at > utcnow())
        .order_by(StoredExport.id.desc()).limit(1))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _made(row: StoredExport) -> str:
    """When the export was asked for: an id can come again (SQLite reuses a deleted row's),
    so a link names the export by both and an older link never leads to a newer file."""
    return row.created_at.isoformat()


def link_token(row: StoredExport) -> str:
    return _serializer().dumps({"x": row.id, "u": row.user_id, "c": _made(row)})


def find(token: str, user: User) -> StoredExport | Refusal:
    """The stored export a link leads to, for this signed-in person, or why not."""
    try:
        data = _serializer().loads(token, max_age=_max_age())
    except SignatureExpired:
        return Refusal.EXPIRED
    except BadSignature:
        return Refusal.BROKEN
    if not (isinstance(data, dict) and isinstance(data.get("x"), int)
            and isinstance(data.get("u"), int)):
        return Refusal.BROKEN
    if data["u"] != user.id:
        return Refusal.NOT_YOURS
    row = db.session.get(StoredExport, data["x"])
    if (row is None or row.user_id != user.id or data.get("c") != _made(row)
            or row.expires_at <= utcnow()):
        return Refusal.EXPIRED
    return row


def purge_expired() -> int:
    """Delete the stored exports whose time has run out (``flask purge``); flushes."""
    return db.session.execute(delete(StoredExport).where(
        StoredExport.expires_at <= utcnow())).rowcount or 0
