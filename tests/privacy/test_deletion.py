"""Deleting a profile: the content stays as "slettet bruger" (or without its text), votes stay
counted without their voter, nothing else of the person remains, and a dump of the database
holds neither their e-mail nor their pseudonym."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.accounts import services as accounts
from app.accounts.models import ReleasedPseudonym, User
from app.core.db import commit
from app.core.errors import DomainError
from app.core.models import utcnow
from app.extensions import db
from app.forum.models import Post, Thread
from app.privacy.columns import KEPT_WITHOUT_PERSON, name, person_columns
from app.privacy.deletion import delete_profile
from app.proposals.models import Proposal, Vote
from app.proposals.queries import tallies
from tests.privacy.builders import full_life

BENTE_PASSWORD = "Borger-Demo-Kaffekop-7"


def database_dump() -> str:
    """Every row of every table, as text."""
    lines = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).all():
            lines.append(f"{table.name}: {tuple(row)!r}")
    return "\n".join(lines).casefold()


def _published_tallies() -> dict:
    rows = db.session.execute(select(Proposal.id, Proposal.votes_for, Proposal.votes_against,
                                      Proposal.votes_abstain)).all()
    return {row[0]: tuple(row[1:]) for row in rows}


def _rows_naming(user_id: int) -> dict[str, int]:
    found = {}
    for table, column in person_columns():
        count = db.session.scalar(select(func.count()).select_from(table)
                                  .where(column == user_id))
        if count:
            found[name(table, column)] = count
    return found


@pytest.mark.parametrize("erase_text", [False, True])
def test_deletion_leaves_no_trace_and_keeps_tallies(app_ctx, caplog, erase_text):
    bente = full_life()
    commit()
    user_id, email, pseudonym = bente.id, bente.email, bente.pseudonym
    proposal_ids = db.session.scalars(select(Proposal.id)).all()
    live_before, published_before = tallies(proposal_ids), _published_tallies()
    votes_before = db.session.scalar(select(func.count(Vote.id)))
    assert votes_before and db.session.scalar(select(func.count(Vote.id)).where(
        Vote.user_id == user_id))
    post_ids = db.session.scalars(select(Post.id).where(Post.author_id == user_id)).all()
    thread_ids = db.session.scalars(select(Thread.id).where(Thread.author_id == user_id)).all()
    assert post_ids and thread_ids
    assert email.casefold() in database_dump() and pseudonym.casefold() in database_dump()

    with caplog.at_level(logging.DEBUG):
        delete_profile(bente, BENTE_PASSWORD, erase_text=erase_text)
        commit()
    db.session.expire_all()

    assert db.session.get(User, user_id) is None
    assert _rows_naming(user_id) == {}
    dump = database_dump()
    assert email.casefold() not in dump
    assert pseudonym.casefold() not in dump
    for record in caplog.records:
        assert email.casefold() not in record.getMessage().casefold()
        assert pseudonym.casefold() not in record.getMessage().casefold()
    # Votes stay counted, without the voter.
    assert tallies(proposal_ids) == live_before
    assert _published_tallies() == published_before
    assert db.session.scalar(select(func.count(Vote.id))) == votes_before
    # The posts stay, as "slettet bruger"; with or without their text.
    posts = db.session.scalars(select(Post).where(Post.id.in_(post_ids))).all()
    assert len(posts) == len(post_ids) and all(p.author_id is None for p in posts)
    assert all(p.body == "" for p in posts) == erase_text
    assert len(db.session.scalars(select(Thread).where(Thread.id.in_(thread_ids))).all()) \
        == len(thread_ids)


def test_wrong_password_deletes_nothing(app_ctx):
    bente = full_life()
    commit()
    with pytest.raises(DomainError) as error:
        delete_profile(bente, "forkert-adgangskode", erase_text=True)
    assert error.value.field == "password"
    db.session.rollback()
    assert db.session.get(User, bente.id) is not None


def test_pseudonym_is_quarantined_then_free(app_ctx, app):
    bente = full_life()
    commit()
    delete_profile(bente, BENTE_PASSWORD, erase_text=False)
    commit()
    (released,) = db.session.scalars(select(ReleasedPseudonym)).all()
    assert "bente" not in released.key_hash
    data = accounts.Registration(pseudonym="  BENTE ", email="ny@example.org",
                                 password="Helt-Ny-Adgangskode-2027", accepted_terms=True)
    with pytest.raises(DomainError):
        accounts.register_user(data, confirmed=True)
    db.session.rollback()
    released = db.session.scalars(select(ReleasedPseudonym)).one()
    released.released_at = utcnow() - timedelta(days=app.config["PSEUDONYM_QUARANTINE_DAYS"] + 1)
    commit()
    assert accounts.register_user(data, confirmed=True).pseudonym == "BENTE"


def test_kept_columns_are_the_content_and_records_of_the_network():
    assert "votes.user_id" in KEPT_WITHOUT_PERSON
    assert "memberships.user_id" not in KEPT_WITHOUT_PERSON
