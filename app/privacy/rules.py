"""Who may do what with personal data: a signed-in person, with their own data only."""

from __future__ import annotations

from app.accounts.rules import is_signed_in


def can_export_own_data(user) -> bool:
    return is_signed_in(user)


def can_delete_own_profile(user) -> bool:
    return is_signed_in(user)
