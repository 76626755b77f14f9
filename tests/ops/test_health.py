"""Health checks and the friendly 503 page when the database cannot be reached."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from app.forum import queries as forum_queries
from tests.conftest import login
from tests.factories import PASSWORD, first_network, make_member, make_municipality, make_thread


def test_healthz_answers_without_the_database(client, outage_app):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    response = outage_app.test_client().get("/healthz")
    assert response.status_code == 200


def test_readyz_reports_the_database(client, outage_app):
    assert client.get("/readyz").get_json() == {"status": "ok", "database": True}
    response = outage_app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["database"] is False


@pytest.mark.parametrize("path", ["/", "/traade/1", "/forslag/1", "/kommuner/x/y/"])
def test_pages_answer_503_with_a_friendly_page_when_the_database_is_down(outage_app, path):
    response = outage_app.test_client().get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Borgernet er midlertidigt utilgængelig" in page
    assert "70 201 201" in page  # the helpline stays on the page
    assert "Traceback" not in page and "OperationalError" not in page and "psycopg" not in page


def test_the_503_page_speaks_english_and_json(outage_app):
    client = outage_app.test_client()
    english = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Borgernet is temporarily unavailable" in english and 'lang="en"' in english
    response = client.get("/", headers={"Accept": "application/json"})
    assert response.status_code == 503
    assert response.get_json()["error"] == "Borgernet er midlertidigt utilgængelig"


def test_a_signed_in_person_gets_the_503_page_when_the_database_fails_mid_request(
        client, app_ctx, monkeypatch):
    network = first_network(make_municipality())
    author = make_member(network, pseudonym="Hemmelig Hanne")
    thread = make_thread(network, author)
    assert login(client, "Hemmelig Hanne", PASSWORD).status_code == 302

    def broken(*args, **kwargs):
        raise OperationalError("SELECT ...", {}, Exception("server closed the connection"))

    monkeypatch.setattr(forum_queries, "thread_posts", broken)
    response = client.get(f"/traade/{thread.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "midlertidigt utilgængelig" in page
    assert "Hemmelig Hanne" not in page  # the account is not read again while the database fails
    assert response.headers["Retry-After"]
    assert client.get(f"/traade/{thread.id}").status_code == 503
    monkeypatch.undo()
    assert client.get(f"/traade/{thread.id}").status_code == 200  # and back when it recovers


def test_a_connection_lost_after_the_page_was_made_does_not_spoil_the_page(client, monkeypatch):
    """A database restart also ends the connections of requests that already have their page:
    closing their session then raises. The page still goes out, and the next request works."""
    from app.extensions import db

    real_remove = db.session.remove
    calls = []

    def remove_once_broken() -> None:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("ROLLBACK", {}, Exception("terminating connection"))
        real_remove()

    monkeypatch.setattr(db.session, "remove", remove_once_broken)
    assert client.get("/").status_code == 200
    monkeypatch.undo()
    assert client.get("/").status_code == 200
