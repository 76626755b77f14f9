"""Database plumbing: one commit per request at the edge, SQLite tuned for concurrent use."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale
from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import InstrumentedAttribute

from app.core import pagecache
from app.extensions import db

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
T = TypeVar("T")
log = logging.getLogger(__name__)


_EVENTS_RECORDED = "borgernet.events_recorded"
_AFTER_EVENTS = "borgernet.after_events"


def note_event_recorded() -> None:
    """core.events.record_event marks the unit of work: after its commit, the steps
    registered with ``after_events`` run (notifications turn the events into messages)."""
    db.session.info[_EVENTS_RECORDED] = True


def after_events(app: Flask, step: Callable[[], None]) -> None:
    """Run ``step()`` after every commit that saved at least one event (create_app registers
    the notifications step; a feature never imports the floor above it)."""
    app.extensions.setdefault(_AFTER_EVENTS, []).append(step)


def commit() -> None:
    """Commit the request's unit of work, rolling back if the commit fails; then tell the page
    cache that pages may have changed. Every write commits here, views and commands alike.
    When the unit of work recorded events, the after-event steps run after the commit.

    The request's language is settled first, while the signed-in person's row is loaded:
    the commit expires it, and a message translated afterwards would load it again.
    """
    if has_request_context():
        get_locale()
    recorded = db.session.info.pop(_EVENTS_RECORDED, False)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    pagecache.invalidate()
    if recorded:
        for step in current_app.extensions.get(_AFTER_EVENTS, []):
            step()


def upsert(table):
    """``INSERT`` with ``.on_conflict_do_update()``/``do_nothing()`` for this database."""
    return (postgresql.insert(table) if db.engine.dialect.name == "postgresql"
            else sqlite.insert(table))


def save_bookkeeping(statement) -> bool:
    """Run one statement that only remembers what a person has seen (a read marker, the last
    visit), on a connection of its own in its own short transaction.

    Not through ``commit()``: no page a visitor reads changes, so the page cache stays, no event
    is recorded, and the request's unit of work never holds pending writes from a page view.
    A row that cannot be saved (the database is busy) is logged and the page is shown anyway:
    bookkeeping is a convenience, never a reason to fail. Returns whether it was saved."""
    try:
        with db.engine.begin() as connection:
            connection.execute(statement)
    except SQLAlchemyError:
        log.warning("bookkeeping row not saved", exc_info=True)
        return False
    return True


def sent_before(author_column: InstrumentedAttribute, key_column: InstrumentedAttribute,
                author_id: int, submission_key: str | None) -> Any:
    """The row this person already saved with this form (core.forms.SubmissionKey), if any."""
    if not submission_key:
        return None
    return db.session.scalar(select(author_column.class_).where(
        author_column == author_id, key_column == submission_key))


def add_once(rows: tuple[object, ...], submission_key: str | None,
             earlier: Callable[[], T | None]) -> T | None:
    """Add and flush the rows of a form sent with a submission key (core.forms.SubmissionKey).

    When a unique constraint on (author, submission key) refuses them because a concurrent
    request saved the same form a moment ago, nothing is added and ``earlier()`` returns what
    that request saved. Returns None when the rows were added. The savepoint keeps the rest
    of the transaction usable after the refusal. Without a key the rows are simply added.
    """
    if not submission_key:
        db.session.add_all(rows)
        db.session.flush()
        return None
    try:
        with db.session.begin_nested():
            for row in rows:
                db.session.add(row)
                db.session.flush()
    except IntegrityError:
        found = earlier()
        if found is None:
            raise
        return found
    return None


def configure_sqlite(engine: Engine) -> None:
    """Make SQLite safe under concurrent requests.

    Foreign keys on, WAL journal, and a busy timeout so a writer waits for another instead
    of failing. Requests that may write (POST and friends) open their transaction with
    BEGIN IMMEDIATE: a transaction that first reads and later writes could otherwise fail
    with "database is locked" when another writer committed in between, and no busy
    timeout helps then. Reads keep plain BEGIN and never wait.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        writes = has_request_context() and request.method not in READ_METHODS
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
