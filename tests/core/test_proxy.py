"""Behind the proxy: rate limits count each client, not the proxy; the Server header names no
version."""

from __future__ import annotations

import urllib.request

import pytest

from app import create_app
from app.extensions import db
from tests.conftest import IsolatedClient, post_form
from tests.factories import PASSWORD, make_user

WRONG = "Forkert-Kode-Her-2026"


@pytest.fixture
def proxied_app(app, database_url):
    """The app as configured behind one proxy (nginx), on the test database."""
    from app.config import normalise_database_url

    application = create_app({"TESTING": True, "TRUSTED_PROXY_HOPS": 1,
                              "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url)})
    application.test_client_class = IsolatedClient
    yield application
    with application.app_context():
        db.engine.dispose()


def failed_logins_from(application, addresses) -> None:
    """One wrong log-in from each address, each its own browser, all through the same proxy."""
    for address in addresses:
        client = application.test_client()
        headers = {"X-Forwarded-For": address}
        page = client.get("/konto/log-ind", headers=headers)
        assert page.status_code == 200
        response = post_form(client, "/konto/log-ind", {"login": f"Gæt {address}",
                                                        "password": WRONG}, headers=headers)
        assert response.status_code == 422, response.status_code


def test_behind_the_proxy_each_client_has_its_own_limit(proxied_app):
    with proxied_app.app_context():
        make_user(pseudonym="Mette")
    failed_logins_from(proxied_app, [f"203.0.113.{n}" for n in range(1, 26)])
    client = proxied_app.test_client()
    response = post_form(client, "/konto/log-ind", {"login": "Mette", "password": PASSWORD},
                         headers={"X-Forwarded-For": "198.51.100.7"})
    assert response.status_code == 302, "one citizen's log-in was blocked by others' mistakes"
    # The client the proxy saw counts, whatever the client itself claimed before it.
    spoofed = proxied_app.test_client()
    for n in range(25):
        response = post_form(spoofed, "/konto/log-ind", {"login": f"Gæt {n}", "password": WRONG},
                             headers={"X-Forwarded-For": f"10.9.9.{n}, 192.0.2.1"})
    assert response.status_code == 429


def test_without_the_proxy_setting_a_forged_header_changes_nothing(app, client):
    with app.app_context():
        make_user(pseudonym="Mette")
    failed_logins_from(app, [f"203.0.113.{n}" for n in range(1, 21)])
    response = post_form(client, "/konto/log-ind", {"login": "Mette", "password": PASSWORD},
                         headers={"X-Forwarded-For": "198.51.100.7"})
    assert response.status_code == 429  # all of them came from one address: this test's


def test_the_development_server_names_no_version(live_server):
    with urllib.request.urlopen(live_server + "/healthz") as response:
        server = response.headers["Server"]
    assert server == "Borgernet"
    assert "Werkzeug" not in server and "Python" not in server

