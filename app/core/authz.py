"""The one authorisation mechanism.

Feature packages keep their rules (plain predicates returning bool) in their own
``rules.py``. Views call ``authorize(rule_result)``; templates reach the same rule
functions through ``rules.<feature>.<name>``, registered by the app factory.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from types import ModuleType, SimpleNamespace
from typing import TypeVar

from flask import Flask, abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

SECOND_FACTOR_SESSION_KEY = "second_factor_ok"
T = TypeVar("T")


def current_actor():
    """The signed-in person as the plain User row services take as their actor."""
    return current_user._get_current_object()


def found_or_404(obj: T | None, rule: Callable[[object, T], bool]) -> T:
    """What a view loaded by id, if it exists and this person may see it; 404 otherwise, so
    nobody learns that something they may not see exists."""
    if obj is None:
        abort(404)
    authorize(rule(current_user, obj), hide=True)
    return obj


def authorize(allowed: bool, *, hide: bool = False) -> None:
    """Stop the request unless the rule allowed it: 403, or 404 when it must stay hidden."""
    if not allowed:
        if not current_user.is_authenticated and not hide:
            abort(_login_redirect())
        abort(404 if hide else 403)


def _login_redirect():
    flash(_("Log ind for at fortsætte."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def login_required(view: Callable) -> Callable:
    """Send a visitor to the log-in page, then back again."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return _login_redirect()
        return view(*args, **kwargs)

    return wrapper


def require_second_factor() -> object | None:
    """A before_request hook for the tools of admins, moderators and committee members.

    People who hold such a role must have two-factor log-in switched on and must have
    used it in this session before they reach the tools.
    """
    if not current_user.is_authenticated:
        return _login_redirect()
    if not current_user.totp_enabled:
        flash(_("Du skal slå totrinsbekræftelse til, før du kan bruge dette værktøj."), "warning")
        return redirect(url_for("accounts.setup_two_factor", next=request.full_path.rstrip("?")))
    if not session.get(SECOND_FACTOR_SESSION_KEY):
        flash(_("Log ind igen med din kode fra godkenderappen for at bruge dette værktøj."),
              "warning")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    return None


def expose_rules(app: Flask, **modules: ModuleType) -> None:
    """Make each feature's rule functions available to templates as ``rules.<feature>``."""
    namespace = app.jinja_env.globals.setdefault("rules", SimpleNamespace())
    for name, module in modules.items():
        public = {key: value for key, value in vars(module).items()
                  if callable(value) and (key.startswith("can_") or key.startswith("is_"))}
        setattr(namespace, name, SimpleNamespace(**public))


STAFF_CHECKS_KEY = "borgernet.staff_checks"


def register_staff_check(app: Flask, check: Callable[[object], bool]) -> None:
    """Each feature that grants a staff role (admin, moderator, committee) registers its test."""
    app.extensions.setdefault(STAFF_CHECKS_KEY, []).append(check)


def holds_staff_role(user: object) -> bool:
    from flask import current_app

    return any(check(user) for check in current_app.extensions.get(STAFF_CHECKS_KEY, []))


def second_factor_required(view: Callable) -> Callable:
    """For single staff routes inside a blueprint that also has citizen routes."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = require_second_factor()
        return response if response is not None else view(*args, **kwargs)

    return wrapper
