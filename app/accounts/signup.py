"""Sign-up and change of e-mail, answered the same whether or not an address has a profile.

Whoever knows a citizen's e-mail must not learn from these forms that the citizen uses
Borgernet. So both forms do the same work on every path (the password is checked or hashed
either way) and end in exactly one mail to the address typed: a signed link when the address
is free, or a note that a profile already exists when it is not. Only the mail tells them
apart, and only its recipient reads it. The links come from app/accounts/tokens.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.accounts import passwords, services, tokens
from app.accounts.models import User
from app.core.errors import DomainError
from app.core.models import utcnow
from app.extensions import db


@dataclass(frozen=True)
class AddressMail:
    """What a sign-up or change of e-mail mails: to `to`, about `user`.

    `taken` is True when the address already had a profile and nothing was changed.
    """

    user: User
    to: str
    taken: bool


def sign_up(data: services.Registration) -> AddressMail:
    """Create an unconfirmed account for a free address; leave a known one alone."""
    holder = services.user_by_email(data.email)
    pending = holder if holder is not None and not holder.email_confirmed else None
    services.check_registration(data, pending)
    password_hash = passwords.hash_password(data.password)  # on every path: equal timing
    if holder is not None and pending is None:
        return AddressMail(holder, holder.email, taken=True)
    # Signing up again with the address of an unconfirmed account replaces its answers, and
    # the new hash ends every earlier link: no one can prepare an account, with a password
    # of their own, that the owner of the address later confirms.
    user = services.fill_registration(pending or User(), data, password_hash)
    return AddressMail(user, user.email, taken=False)


def unconfirmed_user_for_token(token: str, secret_key: str, max_age: int) -> User | None:
    """The new account a mailed sign-up link is for; None for a dead or used link."""
    found = tokens.load_token(token, secret_key, tokens.CONFIRM_ACCOUNT, max_age)
    return found[0] if found and not found[0].email_confirmed else None


def confirm_account(user: User) -> None:
    user.email_confirmed_at = utcnow()
    services.end_all_sessions(user)  # the token a refused log-in kept in its session dies


def pending_confirmation(session_token: str | None) -> AddressMail | None:
    """A fresh link for the unconfirmed account that just tried to log in, if any."""
    user = services.user_for_session_token(session_token)
    if user is None or user.email_confirmed:
        return None
    return AddressMail(user, user.email, taken=False)


def request_email_change(user: User, current_password: str, new_email: str) -> AddressMail:
    """Check the password; the change itself waits for the link mailed to the new address."""
    services.require_current_password(user, current_password)
    address = services.normalise_email(new_email)
    if address == user.email:
        raise DomainError(_("Det er allerede din e-mail."), field="email")
    return AddressMail(user, address, taken=services.user_by_email(address) is not None)


def email_change_for_token(token: str, secret_key: str,
                           max_age: int) -> tuple[User, str] | None:
    """The user and the new address a mailed change link is for.

    None for a dead or used link, or when another profile took the address in the meantime.
    """
    found = tokens.load_token(token, secret_key, tokens.CHANGE_EMAIL, max_age)
    if found is None:
        return None
    user, data = found
    address = data.get("e")
    if not isinstance(address, str) or services.user_by_email(address) is not None:
        return None
    return user, address


def change_email(user: User, address: str) -> str:
    """Move the account to an address its owner confirmed; returns the old one, to tell it."""
    old = user.email
    user.email = address
    user.email_confirmed_at = utcnow()
    db.session.flush()
    return old
