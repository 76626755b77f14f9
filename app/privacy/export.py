"""Everything about one person, as JSON and as a readable page, in one ZIP.

The rows come from the schema: every column that refers to the person and is listed in
``columns.EXPORTED``. Secrets (password hash, session token...) and other people's ids are
left out of each row.
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
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.privacy.columns import EXPORTED, SECRET_COLUMNS, name, person_columns

JSON_NAME = "borgernet-data.json"
HTML_NAME = "borgernet-data.html"


def _plain(value: Any) -> Any:
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


def collect(user: User) -> dict[str, Any]:
    """The whole export as plain data: the account, then one section per column."""
    users = db.metadata.tables["users"]
    account = db.session.execute(select(users).where(users.c.id == user.id)).one()
    sections = []
    for table, column in person_columns():
        key = name(table, column)
        if key not in EXPORTED:
            continue
        rows = db.session.execute(select(table).where(column == user.id)
                                  .order_by(*table.primary_key.columns)).all()
        sections.append({"source": key, "title": _(EXPORTED[key]),
                         "rows": [_row(table, row, column.name) for row in rows]})
    return {
        "account": _row(users, account, "id"),
        "sections": sections,
        "surveys": _("Du har måske svaret på tilfredshedsundersøgelser. Dine svar er ikke "
                     "gemt med dit navn eller din profil, så vi kan ikke finde dem frem. "
                     "Derfor er de ikke med her."),
    }


def row_count(data: dict[str, Any]) -> int:
    return sum(len(section["rows"]) for section in data["sections"])


def build_zip(user: User) -> bytes:
    """The ZIP with the JSON and the readable HTML page."""
    data = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, json.dumps(data, ensure_ascii=False, indent=2, default=str))
        archive.writestr(HTML_NAME, render_template("privacy/download/export_document.html", data=data))
    return buffer.getvalue()
