"""Rate-limit keys and limits for the abuse-prone account endpoints."""

from __future__ import annotations

from flask import current_app, request

from app.accounts.services import normalise_email, pseudonym_key


def login_account_key() -> str:
    """Per account: whatever was typed as e-mail or pseudonym, normalised."""
    typed = request.form.get("login", "")
    return "login-account:" + (normalise_email(typed) if "@" in typed else pseudonym_key(typed))


def limit(name: str):
    """Read a limit from the configuration when the request arrives, so tests can change it."""
    return lambda: current_app.config[name]


def user_key() -> str:
    """Per person when logged in, else per address."""
    from flask_limiter.util import get_remote_address
    from flask_login import current_user

    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"
