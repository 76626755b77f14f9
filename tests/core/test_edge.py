"""The commit edge: one service call, one commit, a DomainError on the form or as a flash."""

from __future__ import annotations

from flask import get_flashed_messages
from sqlalchemy import select
from wtforms import StringField

from app.accounts.models import User
from app.core.edge import write
from app.core.errors import DomainError
from app.core.forms import EmptyForm
from app.extensions import db
from tests.factories import make_user


class NameForm(EmptyForm):
    name = StringField()


def _rename(user: User, name: str, error: DomainError | None = None) -> str:
    user.pseudonym = name
    db.session.flush()
    if error is not None:
        raise error
    return name


def _stored_name(user_id: int) -> str:
    db.session.expire_all()
    return db.session.scalar(select(User.pseudonym).where(User.id == user_id))


def test_a_write_commits_once_and_carries_the_value(app_ctx):
    user = make_user(pseudonym="Gammelt Navn")
    written = write(None, lambda: _rename(user, "Nyt Navn"))
    assert written and written.value == "Nyt Navn"
    db.session.rollback()  # nothing left to undo: it was committed
    assert _stored_name(user.id) == "Nyt Navn"


def test_a_domain_error_is_rolled_back_and_lands_on_its_field(app_ctx):
    user = make_user(pseudonym="Gammelt Navn")
    form = NameForm(meta={"csrf": False})
    written = write(form, lambda: _rename(user, "Nyt Navn", DomainError("Optaget.", "name")))
    assert not written and written.value is None
    assert form.name.errors == ["Optaget."] and get_flashed_messages() == []
    assert _stored_name(user.id) == "Gammelt Navn"


def test_a_domain_error_without_a_field_is_flashed(app_ctx):
    user = make_user(pseudonym="Gammelt Navn")
    form = NameForm(meta={"csrf": False})
    assert not write(form, lambda: _rename(user, "Nyt", DomainError("Det kan du ikke.")))
    assert not write(None, lambda: _rename(user, "Nyt", DomainError("Heller ikke.", "name")))
    assert get_flashed_messages(with_categories=True) == [
        ("error", "Det kan du ikke."), ("error", "Heller ikke.")]
    assert _stored_name(user.id) == "Gammelt Navn"
