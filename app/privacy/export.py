"""Everything about one person, as JSON and as a readable page, in one ZIP.

The rows come from the schema: every column that refers to the person and is listed in
``columns.EXPORTED``. Secrets (password hash, session token...) and other people's ids are
left out of each row. The log entries about the person (``audit_entries.subject_user_id``)
also say in words what was done and by which role ("en administrator", "en moderator"),
never by whom.
"""

from __future__ import annotations

import enum
import io
import json
import zipfile
from datetime import date, datetime
from typing import Any

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.accounts.models import User
from app.core.vocabulary import label_of
from app.extensions import db
from app.privacy.columns import EXPORTED, SECRET_COLUMNS, name, person_columns

JSON_NAME = "borgernet-data.json"
HTML_NAME = "borgernet-data.html"


AUDIT = "audit_entries.subject_user_id"
# Headings of the readable page for the columns that are not plain names.
HEADINGS = {"created_at": _l("Tidspunkt"), "action_text": _l("Hvad skete der"),
            "done_by": _l("Hvem (rolle)"), "reason": _l("Begrundelse"),
            "action": _l("Kode for handlingen")}
# The column types an exported row may hold, and so all _plain must turn into JSON; the
# export test fails on a column of any other type (tests/privacy/test_export.py).
PLAIN_TYPES = ("Boolean", "Enum", "Integer", "JSON", "String", "Text", "UTCDateTime")


def _plain(value: Any) -> Any:
    """A column's value as JSON: str, int, bool, None, and JSON columns' dicts and lists
    stay; dates become ISO 8601, enums their stored value."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _row(table, row, keep: str) -> dict[str, Any]:
    """One row without secrets and without the columns that name other people."""
    left_out = {c.name for t, c in person_columns() if t is table and c.name != keep}
    return {key: _plain(value) for key, value in row._mapping.items()
            if key not in SECRET_COLUMNS and key not in left_out}


def _done_by(action: str, by_admin: bool) -> str:
    """Which role did it, never who: the log's actor stays out of the export."""
    if by_admin or action.startswith("account."):
        return _("en administrator")
    if action.startswith(("committee.", "surveys.")):
        return _("udvalget")
    return _("en moderator")


def _audit_rows(rows) -> list[dict[str, Any]]:
    """The log entries about the person, told in words first: when, what, which role."""
    actor_ids = {row.actor_id for row in rows if row.actor_id is not None}
    admins = set(db.session.scalars(select(User.id).where(
        User.id.in_(actor_ids), User.is_admin.is_(True)))) if actor_ids else set()
    table = db.metadata.tables["audit_entries"]
    return [{"created_at": _plain(row.created_at), "action_text": label_of(row.action),
             "done_by": _done_by(row.action, row.actor_id in admins),
             **_row(table, row, "subject_user_id")} for row in rows]


def _exported_columns():
    """(table, column, "table.column") for every column of the export (columns.EXPORTED)."""
    for table, column in person_columns():
        if (key := name(table, column)) in EXPORTED:
            yield table, column, key


def collect(user: User) -> dict[str, Any]:
    """The whole export as plain data: the account, then one section per column."""
    users = db.metadata.tables["users"]
    account = db.session.execute(select(users).where(users.c.id == user.id)).one()
    sections = []
    for table, column, key in _exported_columns():
        rows = db.session.execute(select(table).where(column == user.id)
                                  .order_by(*table.primary_key.columns)).all()
        sections.append({"source": key, "title": _(EXPORTED[key]),
                         "rows": _audit_rows(rows) if key == AUDIT else
                         [_row(table, row, column.name) for row in rows]})
    return {
        "account": _row(users, account, "id"),
        "sections": sections,
        "surveys": _("Du har måske svaret på tilfredshedsundersøgelser. Dine svar er ikke "
                     "gemt med dit navn eller din profil, så vi kan ikke finde dem frem. "
                     "Derfor er de ikke med her."),
    }


def row_count(data: dict[str, Any]) -> int:
    return sum(len(section["rows"]) for section in data["sections"])


def size(user: User) -> int:
    """How many rows the person's export holds, counted without reading them: one count per
    exported column (the export is built in a job when this is large)."""
    return sum(db.session.scalar(select(func.count()).select_from(table).where(
        column == user.id)) or 0 for table, column, _key in _exported_columns())


def build_zip(user: User) -> bytes:
    """The ZIP with the JSON and the readable HTML page."""
    data = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # No default=: every value is plain already (_plain; the export test checks each
        # exported column's type against PLAIN_TYPES), so a new type fails loudly here.
        archive.writestr(JSON_NAME, json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr(HTML_NAME, render_template("privacy/download/export_document.html",
                                                    data=data, headings=HEADINGS))
    return buffer.getvalue()
