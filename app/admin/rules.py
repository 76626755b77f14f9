"""Who may use the platform owner's tools."""

from __future__ import annotations

from app.accounts.rules import is_admin


def can_administer(user) -> bool:
    return is_admin(user)
