"""The account mails that carry a link: built in the request, sent after the commit."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.accounts import services, tokens
from app.accounts.models import User
from app.accounts.signup import AddressMail
from app.core import mail


def confirm_hours() -> int:
    return current_app.config["EMAIL_CONFIRM_MAX_AGE"] // 3600


def _token(user: User, purpose: str, **extra: str) -> str:
    return tokens.make_token(user, current_app.config["SECRET_KEY"], purpose, **extra)


def _account_exists(result: AddressMail, subject, intro: str, name: str | None) -> None:
    mail.send_mail(result.to, subject, "account_exists", locale=result.user.locale or "da",
                   intro=intro, name=name, login_link=mail.mailed_url("accounts.login"),
                   reset_link=mail.mailed_url("accounts.forgot_password"))


def send_sign_up_mail(result: AddressMail) -> None:
    """The confirmation link for a new account, or a note that the address has a profile."""
    if result.taken:
        _account_exists(result, _l("Du har allerede en profil på Borgernet"), "sign_up",
                        result.user.pseudonym)
        return
    link = mail.mailed_url("accounts.confirm_account", token=_token(result.user, tokens.CONFIRM_ACCOUNT))
    mail.send_mail(result.to, _l("Bekræft din e-mail til Borgernet"), "confirm_account",
                   locale=result.user.locale or "da", user=result.user, link=link,
                   hours=confirm_hours())


def send_email_change_mail(result: AddressMail) -> None:
    """To the new address: the link that makes the change, or a note that it has a profile."""
    if result.taken:
        # No name: the mail goes to someone else's address and must not tell who asked.
        _account_exists(result, _l("Der findes allerede en profil med denne e-mail"), "change",
                        None)
        return
    link = mail.mailed_url("accounts.confirm_email_change",
                 token=_token(result.user, tokens.CHANGE_EMAIL, e=result.to))
    mail.send_mail(result.to, _l("Bekræft din nye e-mail på Borgernet"), "confirm_new_email",
                   locale=result.user.locale or "da", link=link, hours=confirm_hours())


def reset_minutes() -> int:
    return current_app.config["PASSWORD_RESET_MAX_AGE"] // 60


def send_reset_mail(user: User) -> None:
    """The one-time link that sets a new password."""
    token = services.make_reset_token(user, current_app.config["SECRET_KEY"])
    link = mail.mailed_url("accounts.reset_password", token=token)
    mail.send_mail(user.email, _l("Ny adgangskode til Borgernet"), "reset_password",
                   locale=user.locale or "da", user=user, link=link, minutes=reset_minutes())


def send_email_changed_notice(user: User, old_email: str) -> None:
    mail.send_mail(old_email, _l("Din e-mail på Borgernet er ændret"), "email_changed",
                   locale=user.locale or "da", user=user)
