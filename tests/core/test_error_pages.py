"""The error page still renders, with its security headers, after the database failed."""

from __future__ import annotations

import pytest
from flask_login import current_user, login_required

from app import create_app
from app.accounts.models import User
from app.extensions import db
from tests.conftest import IsolatedClient, login
from tests.core.test_security import assert_security_headers
from tests.factories import PASSWORD, make_user


@pytest.fixture
def db_failing_app(app, database_url):
    """The app with one page whose write breaks a unique constraint (the session must then be
    rolled back before it can be used again)."""
    from app.config import normalise_database_url

    application = create_app({"TESTING": True, "PROPAGATE_EXCEPTIONS": False,
                              "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url)})
    application.test_client_class = IsolatedClient

    @application.route("/boom-db")
    @login_required
    def boom_db():
        other = db.session.scalar(db.select(User).where(User.id != current_user.id))
        current_user.email = other.email
        db.session.flush()

    yield application
    with application.app_context():
        db.engine.dispose()


def test_a_logged_in_persons_500_page_renders_after_a_database_error(db_failing_app):
    with db_failing_app.app_context():
        make_user(pseudonym="Mette", email="mette@example.org")
        make_user(pseudonym="Jens", email="jens@example.org")
    client = db_failing_app.test_client()
    assert login(client, "Mette", PASSWORD).status_code == 302
    response = client.get("/boom-db")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Der skete en fejl" in page and "Mette" in page  # the full page, logged in
    assert "Traceback" not in page and "IntegrityError" not in page
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"
    with db_failing_app.app_context():
        assert db.session.scalar(db.select(User.email).where(User.pseudonym == "Mette")) == (
            "mette@example.org")
