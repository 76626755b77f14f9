"""The rules of the admin tools that write: opening a person's e-mail address is logged."""

from __future__ import annotations

from app.accounts.models import User
from app.admin.events import EMAIL_SHOWN
from app.core.audit import record_audit
from app.extensions import db


def show_email(admin: User, person: User, reason: str) -> str:
    """Log that this admin opens the person's e-mail address, and why; return the address.
    The view shows it only after this has been committed."""
    record_audit(EMAIL_SHOWN, actor=admin, reason=reason, subject_user=person)
    db.session.flush()
    return person.email
