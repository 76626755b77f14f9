"""Who may use the platform owner's tools."""

from __future__ import annotations

from app.accounts.rules import is_admin


def can_administer(user) -> bool:
    return is_admin(user)


def can_see_email(user, person) -> bool:
    """An admin may open a person's e-mail address on the account page; each opening is
    logged (services.show_email)."""
    return is_admin(user) and person is not None
