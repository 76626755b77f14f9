"""Who may do what with accounts."""

from __future__ import annotations


def is_signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def is_admin(user) -> bool:
    return is_signed_in(user) and bool(user.is_admin)
