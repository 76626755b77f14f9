"""Database plumbing: one commit per request at the edge, SQLite tuned for concurrent use."""

from __future__ import annotations

from flask import has_request_context, request
from flask_babel import get_locale
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.extensions import db

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def commit() -> None:
    """Commit the request's unit of work, rolling back if the commit fails.

    The request's language is settled first, while the signed-in person's row is loaded:
    the commit expires it, and a message translated afterwards would load it again.
    """
    if has_request_context():
        get_locale()
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


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
    def _on_connect(dbapi_connection, _record):  # noqa: ANN001
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # noqa: ANN001
        writes = has_request_context() and request.method not in READ_METHODS
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
