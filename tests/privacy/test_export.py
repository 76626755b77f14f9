"""The export, driven by the schema: every column that refers to a person is either exported
or listed, with a reason, as not exported; and every row where it is the person is in the
export. The demo data gives people rows in (nearly) every table."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.privacy import export
from app.privacy.columns import (
    EXPORTED,
    KEPT_WITHOUT_PERSON,
    NOT_EXPORTED,
    SECRET_COLUMNS,
    name,
    person_columns,
)
from tests.factories import make_user
from tests.privacy.builders import full_life


def test_every_column_that_refers_to_a_person_is_decided(app_ctx):
    names = {name(table, column) for table, column in person_columns()}
    undecided = names - set(EXPORTED) - set(NOT_EXPORTED)
    assert not undecided, f"export or list these, with a reason, in NOT_EXPORTED: {undecided}"
    assert not set(EXPORTED) & set(NOT_EXPORTED)
    assert not (set(EXPORTED) | set(NOT_EXPORTED)) - names, "a listed column no longer exists"
    assert all(reason.strip() for reason in NOT_EXPORTED.values())


def test_schema_deletes_or_empties_each_column_as_deletion_promises(app_ctx):
    for table, column in person_columns():
        (fk,) = [fk for fk in column.foreign_keys if fk.column.table.name == "users"]
        if name(table, column) in KEPT_WITHOUT_PERSON:
            assert column.nullable and fk.ondelete == "SET NULL", name(table, column)
        else:
            assert fk.ondelete == "CASCADE", name(table, column)


def _primary_key(table, row) -> tuple:
    return tuple(row._mapping[c.name] for c in table.primary_key.columns)


def test_every_row_about_a_person_is_in_their_export(app_ctx):
    full_life()
    covered = set()
    for user in db.session.scalars(select(User).order_by(User.id)).all():
        data = export.collect(user)
        assert data["account"]["email"] == user.email
        assert not SECRET_COLUMNS & set(data["account"])
        sections = {section["source"]: section["rows"] for section in data["sections"]}
        for table, column in person_columns():
            key = name(table, column)
            if key in NOT_EXPORTED:
                continue
            expected = {_primary_key(table, row) for row in db.session.execute(
                select(table).where(column == user.id)).all()}
            exported = {tuple(row[c.name] for c in table.primary_key.columns)
                        for row in sections.get(key, [])}
            assert expected <= exported, f"{key}: rows of {user.pseudonym} missing"
            if expected:
                covered.add(key)
            for row in sections.get(key, []):
                assert not SECRET_COLUMNS & set(row), key
                others = {c.name for t, c in person_columns() if t is table} - {column.name}
                assert not others & set(row), f"{key} names other people"
    # The demo data must give the check something to check in most tables.
    assert covered == set(EXPORTED), sorted(set(EXPORTED) - covered)


def test_zip_holds_json_and_a_readable_page(app_ctx):
    user = make_user("Zip Person", "zip@example.org")
    archive = zipfile.ZipFile(io.BytesIO(export.build_zip(user)))
    assert sorted(archive.namelist()) == sorted([export.JSON_NAME, export.HTML_NAME])
    data = json.loads(archive.read(export.JSON_NAME))
    assert data["account"]["pseudonym"] == "Zip Person"
    assert "ikke gemt med dit navn" in data["surveys"]
    page = archive.read(export.HTML_NAME).decode()
    assert "Zip Person" in page and "<h1>" in page


def test_every_exported_column_has_a_type_the_json_can_hold(app_ctx):
    """export.json.dumps has no default=: each exported value must already be plain, which
    _plain makes sure of for exactly these column types."""
    tables = {table for table, column in person_columns() if name(table, column) in EXPORTED}
    tables.add(db.metadata.tables["users"])
    for table in tables:
        for column in table.columns:
            if column.name in SECRET_COLUMNS:
                continue
            assert type(column.type).__name__ in export.PLAIN_TYPES, (
                f"{table.name}.{column.name}: teach export._plain its type, then list it")


def test_the_whole_export_of_everyone_is_plain_json(app_ctx):
    full_life()
    for user in db.session.scalars(select(User)).all():
        json.dumps(export.collect(user), ensure_ascii=False)  # raises on anything not plain


def test_the_log_says_which_role_opened_their_data_and_when_but_not_who(app_ctx):
    from app.admin.services import show_email
    from app.core.db import commit

    person = make_user("Logget Person", "logget@example.org")
    admin = make_user("Admin Navnesen", "admin.navnesen@example.org", admin=True)
    show_email(admin, person, "Kunne ikke logge ind")
    commit()
    data = export.collect(person)
    (section,) = [s for s in data["sections"] if s["source"] == export.AUDIT]
    (row,) = section["rows"]
    assert row["action_text"] == "E-mailadresse vist"
    assert row["done_by"] == "en administrator"
    assert row["created_at"] and row["reason"] == "Kunne ikke logge ind"
    assert "actor_id" not in row
    archive = zipfile.ZipFile(io.BytesIO(export.build_zip(person)))
    page = archive.read(export.HTML_NAME).decode()
    assert "E-mailadresse vist" in page and "en administrator" in page
    assert "Hvem (rolle)" in page and "Hvad skete der" in page
    for leak in ("Admin Navnesen", "admin.navnesen@example.org"):
        assert leak not in page
        assert leak not in archive.read(export.JSON_NAME).decode()
