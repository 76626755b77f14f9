"""Signed, expiring, one-time links for mails: password reset, sign-up, change of e-mail.

A token names the user and carries a fingerprint of the account's password, address and
confirmation. Using a link changes one of those, so the same link cannot be used twice; a
link for one purpose is refused for another (each purpose has its own salt).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.accounts.models import User
from app.extensions import db

RESET_PASSWORD = "password-reset"
CONFIRM_ACCOUNT = "confirm-account"
CHANGE_EMAIL = "change-email"


def _serializer(secret_key: str, purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=f"borgernet.{purpose}")


def _fingerprint(user: User) -> str:
    state = f"{user.password_hash}|{user.email}|{user.email_confirmed_at is not None}"
    return hashlib.sha256(state.encode()).hexdigest()[:20]


def make_token(user: User, secret_key: str, purpose: str, **extra: str) -> str:
    return _serializer(secret_key, purpose).dumps({**extra, "u": user.id, "p": _fingerprint(user)})


def load_token(token: str, secret_key: str, purpose: str,
               max_age: int) -> tuple[User, dict[str, Any]] | None:
    """The user and the token's data, or None when it is forged, expired or already used."""
    try:
        data = _serializer(secret_key, purpose).loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data.get("u"), int) else None
    if user is None or not hmac.compare_digest(str(data.get("p")), _fingerprint(user)):
        return None
    return user, data
