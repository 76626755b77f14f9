"""The commit edge: every state-changing view writes through ``write()``.

A view parses, loads and authorises, then hands the one service call to ``write``. It runs
the call, commits once, and on a ``DomainError`` rolls back and puts the message on the form
field the error names (or flashes it), so the view can show the form again with everything
the person typed. Services flush and never commit; nothing else in a view commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import flash
from flask_wtf import FlaskForm

from app.core.db import commit
from app.core.errors import DomainError
from app.core.forms import apply_domain_error
from app.extensions import db

T = TypeVar("T")


@dataclass(frozen=True)
class Written(Generic[T]):
    """The outcome of one write: truthy when it was committed, with the service's value."""

    ok: bool
    value: T | None = None

    def __bool__(self) -> bool:
        return self.ok


def write(form: FlaskForm | None, action: Callable[[], T]) -> Written[T]:
    """Run one service call and commit once, at the edge of the request."""
    try:
        value = action()
        commit()
    except DomainError as error:
        db.session.rollback()
        if form is None or not apply_domain_error(form, error):
            flash(error.message, "error")
        return Written(False)
    return Written(True, value)
