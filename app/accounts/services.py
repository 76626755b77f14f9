"""Account use cases. Plain inputs, flush never commit, raise DomainError for broken rules."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

import pyotp
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, func, or_, select

from app.accounts import passwords, tokens
from app.accounts.models import RecoveryCode, ReleasedPseudonym, User, new_session_token
from app.core.errors import DomainError
from app.core.models import utcnow
from app.extensions import db

RECOVERY_CODE_COUNT = 10
PSEUDONYM_KEY_MAX = 40  # the length of users.pseudonym_key
TOTP_ISSUER = "Borgernet"
_DUMMY_HASH: str | None = None


@dataclass(frozen=True)
class Registration:
    pseudonym: str
    email: str
    password: str
    accepted_terms: bool
    locale: str | None = None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def pseudonym_key(pseudonym: str) -> str:
    return " ".join(pseudonym.split()).casefold()


def released_pseudonym_hash(key: str) -> str:
    """The keyed hash a freed pseudonym is remembered by during its quarantine."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, b"released-pseudonym:" + key.encode(), hashlib.sha256).hexdigest()


def _in_quarantine(pseudonym: str) -> bool:
    since = utcnow() - timedelta(days=current_app.config["PSEUDONYM_QUARANTINE_DAYS"])
    return db.session.scalar(select(ReleasedPseudonym.key_hash).where(
        ReleasedPseudonym.key_hash == released_pseudonym_hash(pseudonym_key(pseudonym)),
        ReleasedPseudonym.released_at > since)) is not None


def _pseudonym_taken(pseudonym: str, except_user: User | None = None) -> bool:
    query = select(User.id).where(User.pseudonym_key == pseudonym_key(pseudonym))
    if except_user is not None:
        query = query.where(User.id != except_user.id)
    return db.session.scalar(query) is not None or _in_quarantine(pseudonym)


def _check_pseudonym_key(pseudonym: str) -> None:
    # Case folding can lengthen a name ("ß" becomes "ss"); the key must still fit its column.
    if len(pseudonym_key(pseudonym)) > PSEUDONYM_KEY_MAX:
        raise DomainError(_("Dit pseudonym skal være mellem 3 og 40 tegn."), field="pseudonym")


def _email_taken(email: str, except_user: User | None = None) -> bool:
    query = select(User.id).where(User.email == normalise_email(email))
    if except_user is not None:
        query = query.where(User.id != except_user.id)
    return db.session.scalar(query) is not None


def _check_password(password: str, *context: str) -> None:
    problem = passwords.password_problem(password, *context)
    if problem:
        raise DomainError(problem, field="password")


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def check_registration(data: Registration, pending: User | None = None) -> None:
    """Everything a sign-up may be told before its address is looked at.

    A pseudonym is public, so a taken one may be named; the unconfirmed account ``pending``
    keeps its own pseudonym when the same person signs up again.
    """
    if not data.accepted_terms:
        raise DomainError(_("Du skal acceptere vilkårene for at oprette en profil."),
                          field="accept_terms")
    _check_pseudonym_key(data.pseudonym)
    if _pseudonym_taken(data.pseudonym, except_user=pending):
        raise DomainError(_("Pseudonymet er allerede i brug. Vælg et andet."), field="pseudonym")
    _check_password(data.password, data.pseudonym, data.email)


def fill_registration(user: User, data: Registration, password_hash: str) -> User:
    """Write a sign-up's answers onto a new or still unconfirmed account."""
    user.pseudonym = " ".join(data.pseudonym.split())
    user.pseudonym_key = pseudonym_key(data.pseudonym)
    user.email = normalise_email(data.email)
    user.password_hash = password_hash
    user.terms_accepted_at = utcnow()
    user.locale = data.locale
    if user.id is None:
        db.session.add(user)
    db.session.flush()
    return user


def register_user(data: Registration, *, confirmed: bool) -> User:
    """Create an account at once, for callers who vouch for the address themselves (the
    create-admin command, demo data, tests). Citizens sign up through signup.sign_up."""
    check_registration(data)
    if _email_taken(data.email):
        raise DomainError(_("Der findes allerede en profil med denne e-mail. Du kan logge ind "
                            "eller få en ny adgangskode."), field="email")
    user = fill_registration(User(), data, passwords.hash_password(data.password))
    if confirmed:
        user.email_confirmed_at = user.terms_accepted_at
    return user


def find_by_pseudonym(pseudonym: str) -> User | None:
    """The profile with this pseudonym (any case and spacing). Never looked up by e-mail: where
    one person names another (an invitation, an appointment, a moderator's action), the form
    must not tell whether an address has a profile."""
    return db.session.scalar(select(User).where(User.pseudonym_key == pseudonym_key(pseudonym)))


def find_by_login(login: str) -> User | None:
    value = login.strip()
    return db.session.scalar(select(User).where(or_(
        User.email == normalise_email(value), User.pseudonym_key == pseudonym_key(value))))


def authenticate(login: str, password: str) -> User | None:
    """Return the user when the password matches. Takes the same time whether or not they exist."""
    global _DUMMY_HASH
    user = find_by_login(login)
    if user is None:
        _DUMMY_HASH = _DUMMY_HASH or passwords.hash_password(secrets.token_hex(16))
        passwords.verify_password(_DUMMY_HASH, password)
        return None
    if not passwords.verify_password(user.password_hash, password):
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        db.session.flush()
    return user


def end_all_sessions(user: User) -> None:
    """Rotate the token Flask-Login carries, so every copied session or remember cookie dies."""
    user.session_token = new_session_token()
    db.session.flush()


def require_current_password(user: User, password: str, field: str = "current_password") -> None:
    if not passwords.verify_password(user.password_hash, password):
        raise DomainError(_("Adgangskoden er forkert."), field=field)


def change_password(user: User, current_password: str, new_password: str) -> None:
    require_current_password(user, current_password)
    _check_password(new_password, user.pseudonym, user.email)
    user.password_hash = passwords.hash_password(new_password)
    end_all_sessions(user)


def change_pseudonym(user: User, new_pseudonym: str) -> None:
    _check_pseudonym_key(new_pseudonym)
    if _pseudonym_taken(new_pseudonym, except_user=user):
        raise DomainError(_("Pseudonymet er allerede i brug. Vælg et andet."), field="pseudonym")
    user.pseudonym = " ".join(new_pseudonym.split())
    user.pseudonym_key = pseudonym_key(new_pseudonym)
    db.session.flush()


def set_locale(user: User, locale: str) -> None:
    user.locale = locale
    db.session.flush()


# --- password reset -------------------------------------------------------------------------

def make_reset_token(user: User, secret_key: str) -> str:
    return tokens.make_token(user, secret_key, tokens.RESET_PASSWORD)


def user_for_reset_token(token: str, secret_key: str, max_age: int) -> User | None:
    found = tokens.load_token(token, secret_key, tokens.RESET_PASSWORD, max_age)
    return found[0] if found else None


def reset_password(user: User, new_password: str) -> None:
    """Set a new password from a mailed link, which also proves the address is theirs."""
    _check_password(new_password, user.pseudonym, user.email)
    user.password_hash = passwords.hash_password(new_password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    end_all_sessions(user)


# --- two-factor log-in ----------------------------------------------------------------------

def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.pseudonym, issuer_name=TOTP_ISSUER)


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").lower().encode()).hexdigest()


def _matching_counter(secret: str, code: str, last_counter: int | None) -> int | None:
    """The time step the code belongs to (one step of clock drift allowed), unless already used."""
    totp = pyotp.TOTP(secret)
    now_counter = totp.timecode(utcnow())
    for counter in (now_counter, now_counter - 1, now_counter + 1):
        if last_counter is not None and counter <= last_counter:
            continue
        if hmac.compare_digest(totp.generate_otp(counter), code):
            return counter
    return None


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(
        RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
    codes = ["-".join([secrets.token_hex(3), secrets.token_hex(3)]) for _ in
             range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash_code(c)) for c in codes)
    db.session.flush()
    return codes


def enable_two_factor(user: User, secret: str, code: str) -> list[str]:
    """Switch TOTP on after the person proved their app shows the right code."""
    counter = _matching_counter(secret, code.strip(), None)
    if counter is None:
        raise DomainError(_("Koden passer ikke. Tjek at uret på din telefon går rigtigt, og prøv "
                            "med den nye kode."), field="code")
    user.totp_secret = secret
    user.totp_last_counter = counter
    return _new_recovery_codes(user)


def regenerate_recovery_codes(user: User, password: str) -> list[str]:
    require_current_password(user, password, field="password")
    return _new_recovery_codes(user)


def disable_two_factor(user: User, password: str) -> None:
    require_current_password(user, password, field="password")
    user.totp_secret = None
    user.totp_last_counter = None
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.user_id == user.id))
    db.session.flush()


def verify_second_factor(user: User, code: str) -> bool:
    """Accept a fresh TOTP code once, or an unused recovery code once."""
    if not user.totp_secret:
        return False
    cleaned = code.strip().replace(" ", "")
    if cleaned.isdigit() and len(cleaned) == 6:
        counter = _matching_counter(user.totp_secret, cleaned, user.totp_last_counter)
        if counter is None:
            return False
        user.totp_last_counter = counter
        db.session.flush()
        return True
    recovery = db.session.scalar(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash_code(cleaned),
        RecoveryCode.used_at.is_(None)))
    if recovery is None:
        return False
    recovery.used_at = utcnow()
    db.session.flush()
    return True


def unused_recovery_code_count(user: User) -> int:
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0


# Every signed-in request runs this one: the statement is built once.
USER_BY_SESSION_TOKEN = select(User).where(User.session_token == bindparam("token"))


def user_for_session_token(token: str | None) -> User | None:
    if not token:
        return None
    return db.session.scalar(USER_BY_SESSION_TOKEN, {"token": token})


# --- retention (flask purge) ---------------------------------------------------------------

UNCONFIRMED_KEPT_DAYS = 7


def purge_unconfirmed(now=None) -> int:
    """Delete accounts whose sign-up link was never followed within UNCONFIRMED_KEPT_DAYS
    days: such an account could never log in, so it holds nothing of the person but the
    address and pseudonym they typed. Returns how many went."""
    cutoff = (now or utcnow()) - timedelta(days=UNCONFIRMED_KEPT_DAYS)
    gone = db.session.execute(delete(User).where(User.email_confirmed_at.is_(None),
                                                 User.created_at < cutoff)).rowcount
    db.session.flush()
    return gone
