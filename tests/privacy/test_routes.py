"""Export and deletion over HTTP: the password again, clear Danish messages, CSRF, limits."""

from __future__ import annotations

import html
import io
import json
import zipfile

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from tests.conftest import csrf_token, login, post_form
from tests.factories import PASSWORD, make_user

EXPORT, DELETE = "/konto/profil/data", "/konto/profil/slet"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def mette(app_ctx, client):
    user = make_user("Mette Privat", "mette.privat@example.org")
    assert login(client, "Mette Privat", PASSWORD).status_code == 302
    return user.id


def _exists(user_id: int) -> bool:
    db.session.rollback()  # a fresh read, after what the requests committed
    return db.session.scalar(select(User.id).where(User.id == user_id)) is not None


def test_profile_links_to_export_and_deletion(client, mette):
    page = text(client.get("/konto/profil"))
    assert EXPORT in page and DELETE in page


def test_export_with_password_gives_the_zip(client, mette):
    response = post_form(client, EXPORT, {"password": PASSWORD})
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("borgernet-data.json"))
    assert data["account"]["email"] == "mette.privat@example.org"


def test_export_with_wrong_password_says_so_and_gives_nothing(client, mette):
    response = post_form(client, EXPORT, {"password": "forkert"})
    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert "Adgangskoden er forkert." in text(response)


def test_delete_with_wrong_password_says_so_and_deletes_nothing(client, mette):
    response = post_form(client, DELETE, {"password": "forkert", "erase_text": "y"})
    assert response.status_code == 422
    body = text(response)
    assert "Adgangskoden er forkert." in body
    assert 'checked' in body  # the choice made is kept
    assert _exists(mette)
    assert client.get("/konto/profil").status_code == 200


def test_delete_with_password_deletes_and_logs_out(client, mette):
    response = post_form(client, DELETE, {"password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert not _exists(mette)
    assert "Din profil er slettet" in text(client.get("/"))
    assert client.get("/konto/profil").status_code == 302  # to the log-in page


@pytest.mark.parametrize("url", [EXPORT, DELETE])
@pytest.mark.parametrize("token", [None, "not-a-real-token"])
def test_post_without_valid_csrf_token_is_refused(client, mette, url, token):
    data = {"password": PASSWORD} if token is None else {"password": PASSWORD,
                                                          "csrf_token": token}
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert "manglede sikkerhedskoden" in text(response)
    assert _exists(mette)


@pytest.mark.parametrize("url", [EXPORT, DELETE])
def test_visitor_is_sent_to_log_in(client, url):
    assert client.get(url).status_code == 302


@pytest.mark.parametrize("url", [EXPORT, DELETE])
def test_tries_are_limited(app, client, mette, monkeypatch, url):
    monkeypatch.setitem(app.config, "LIMIT_PRIVACY", "2 per minute")
    token = csrf_token(client, url)
    for _ in range(2):
        assert client.post(url, data={"csrf_token": token, "password": "forkert"}
                           ).status_code == 422
    response = client.post(url, data={"csrf_token": token, "password": PASSWORD})
    assert response.status_code == 429
    assert "For mange forsøg" in text(response)
    assert _exists(mette)
