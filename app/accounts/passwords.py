"""Password hashing (Argon2id) and the strength rule."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
MAX_LENGTH = 128
_COMMON = frozenset(FREQUENCY_LISTS["passwords"])

_default_hasher = PasswordHasher()
# Only for the test configuration: the same algorithm with tiny cost, so tests stay fast.
_fast_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _hasher() -> PasswordHasher:
    return _fast_hasher if current_app.config.get("ARGON2_FAST") else _default_hasher


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def password_problem(password: str, *user_inputs: str) -> str | None:
    """Explain in plain words why a password is too weak, or return None."""
    if len(password) < MIN_LENGTH:
        return _("Adgangskoden skal være mindst %(n)d tegn lang.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Adgangskoden må højst være %(n)d tegn lang.", n=MAX_LENGTH)
    lowered = password.lower()
    if lowered in _COMMON or len(set(lowered)) < 4:
        return _("Adgangskoden er for almindelig. Vælg en, som andre ikke let kan gætte, "
                 "for eksempel tre-fire tilfældige ord.")
    inputs = [value for value in user_inputs if value]
    # zxcvbn refuses input longer than its max_length (72 by default) with a ValueError.
    if zxcvbn(password[:100], user_inputs=inputs, max_length=100)["score"] < 3:
        return _("Adgangskoden er for let at gætte. Gør den længere, eller brug flere "
                 "tilfældige ord, som ikke hænger sammen.")
    return None
