"""Issue 14, item 2: a large export is built by the job queue and fetched with a signed link
that expires and works only for its signed-in owner. Time is moved by changing the stored
expiry, never by sleeping."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.accounts import services as accounts
from app.core.db import commit
from app.core.models import utcnow
from app.extensions import db
from app.notifications.models import Notification
from app.privacy import downloads
from app.privacy.events import EXPORT_READY
from app.privacy.models import StoredExport
from tests.conftest import body_text, login, post_form
from tests.core.test_jobs import queue, work  # noqa: F401 (the fixture)
from tests.factories import PASSWORD, make_user

EXPORT = "/konto/profil/data"
LINK = re.compile(r'href="(/konto/profil/data/hent/[^"]+)"')
EMAIL = "stor.eksport@example.org"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def large(app, monkeypatch):
    """A person with more rows than the threshold (their recovery codes), signed in."""
    monkeypatch.setitem(app.config, "PRIVACY_EXPORT_INLINE_MAX_ROWS", 5)
    with app.app_context():
        user = make_user("Stor Eksport", EMAIL)
        accounts._new_recovery_codes(user)
        commit()
        assert downloads.needs_job(user)
        return user.id


@pytest.fixture
def owner(client, large):
    assert login(client, "Stor Eksport", PASSWORD).status_code == 302
    return client


def stored(app) -> list[StoredExport]:
    with app.app_context():
        return [(row.user_id, row.ready) for row in db.session.scalars(
            select(StoredExport).order_by(StoredExport.id))]


def ask(client):
    response = post_form(client, EXPORT, {"password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == EXPORT
    return client.get(EXPORT)


def the_link(page) -> str:
    (link,) = LINK.findall(page.get_data(as_text=True))
    return html.unescape(link)


def assert_zip_of_the_owner(response) -> None:
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert json.loads(archive.read("borgernet-data.json"))["account"]["email"] == EMAIL


def test_small_export_still_comes_at_once(app, owner, monkeypatch):
    owner.get(EXPORT)  # the first page view notes the visit: one row more
    with app.app_context():
        size = downloads.export.size(db.session.scalar(select(accounts.User).where(
            accounts.User.email == EMAIL)))
    monkeypatch.setitem(app.config, "PRIVACY_EXPORT_INLINE_MAX_ROWS", size)  # the boundary
    assert_zip_of_the_owner(post_form(owner, EXPORT, {"password": PASSWORD}))
    assert stored(app) == []


def test_large_export_is_stored_and_the_link_works_for_its_owner(app, owner, large):
    page = ask(owner)
    body = text(page)
    assert "Vi er ved at lave din fil" in body  # the flash after the POST
    assert "Din fil er klar" in body and "Linket virker til" in body
    assert stored(app) == [(large, True)]
    assert_zip_of_the_owner(owner.get(the_link(page)))
    assert_zip_of_the_owner(owner.get(the_link(page)))  # as often as they like until it expires


def test_the_owner_is_told_when_the_file_is_ready(app, owner, large, smtp_server):
    """The flash promises "Du får besked, når den er klar": the bell and, by default for this
    topic, a content-free mail at once."""
    page = ask(owner)  # the job runs inline here (no Redis): ready before the page is shown
    assert "Du får besked, når den er klar" in text(page)
    with app.app_context():
        told = db.session.scalars(select(Notification).where(
            Notification.user_id == large)).all()
        assert [n.event.kind for n in told] == [EXPORT_READY.name]
        assert told[0].topic == "own_data"
    opened = owner.get(f"/beskeder/{told[0].id}")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(EXPORT)
    (mail,) = [m for m in smtp_server.messages if m["To"] == EMAIL]
    assert "1 fil med dine data er klar" in body_text(mail)
    assert "Stor Eksport" not in mail.as_string()


def test_wrong_password_stores_nothing(app, owner):
    response = post_form(owner, EXPORT, {"password": "forkert"})
    assert response.status_code == 422 and "Adgangskoden er forkert." in text(response)
    assert stored(app) == []


def test_another_person_cannot_use_the_link(app, owner):
    link = the_link(ask(owner))
    with app.app_context():
        make_user("Nysgerrig", "nysgerrig@example.org")
    other = app.test_client()
    assert login(other, "Nysgerrig", PASSWORD).status_code == 302
    response = other.get(link)
    assert response.status_code == 403 and response.mimetype == "text/html"
    assert "Linket hører til en anden profil" in text(response)
    assert EMAIL not in text(response)


def test_a_visitor_is_sent_to_log_in(app, owner):
    link = the_link(ask(owner))
    response = app.test_client().get(link)
    assert response.status_code == 302 and "/konto/log-ind" in response.headers["Location"]


@pytest.mark.parametrize("change", [lambda t: t[:-2] + ("AA" if t[-2:] != "AA" else "BB"),
                                    lambda t: t[: len(t) // 2], lambda t: "ikke-et-link"])
def test_a_changed_link_is_refused_plainly(owner, change):
    link = the_link(ask(owner))
    prefix, token = link.rsplit("/", 1)
    response = owner.get(f"{prefix}/{change(token)}")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Linket virker ikke" in text(response)


def test_an_expired_export_is_refused_plainly(app, owner, large):
    link = the_link(ask(owner))
    with app.app_context():
        db.session.execute(update(StoredExport).values(
            created_at=utcnow() - timedelta(hours=25), expires_at=utcnow() - timedelta(hours=1)))
        commit()
    response = owner.get(link)
    assert response.status_code == 410 and response.mimetype == "text/html"
    assert "Linket er udløbet" in text(response)
    assert "Din fil er klar" not in text(owner.get(EXPORT))


def test_an_old_signature_is_refused_plainly(app, owner, monkeypatch):
    link = the_link(ask(owner))
    monkeypatch.setitem(app.config, "PRIVACY_EXPORT_MAX_AGE", -1)  # every signature too old
    response = owner.get(link)
    assert response.status_code == 410 and "Linket er udløbet" in text(response)


def test_a_new_export_replaces_the_old_link(app, owner, large):
    first = the_link(ask(owner))
    second = the_link(ask(owner))
    assert first != second and len(stored(app)) == 1
    assert owner.get(first).status_code == 410
    assert_zip_of_the_owner(owner.get(second))


def test_the_worker_builds_it_when_a_queue_is_running(app, owner, large, queue):  # noqa: F811
    page = ask(owner)
    assert "Vi er ved at lave din fil" in text(page) and "Din fil er klar" not in text(page)
    assert LINK.findall(page.get_data(as_text=True)) == []
    assert stored(app) == [(large, False)] and queue.count == 1
    with app.app_context():  # a link made before the file is ready says so
        early = downloads.link_token(db.session.scalar(select(StoredExport)))
    response = owner.get(f"{EXPORT}/hent/{early}")
    assert response.status_code == 202 and "Filen er ikke klar endnu" in text(response)
    work(app)
    assert stored(app) == [(large, True)]
    assert_zip_of_the_owner(owner.get(the_link(owner.get(EXPORT))))


def test_purge_deletes_expired_exports_only(app, owner, large):
    ask(owner)
    with app.app_context():
        other = make_user("Frisk Eksport", "frisk@example.org")
        downloads.build(downloads.request_export(other))
        db.session.execute(update(StoredExport).where(StoredExport.user_id == large).values(
            expires_at=utcnow() - timedelta(minutes=1)))
        commit()
        other_id = other.id
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "1 expired export(s)" in result.output
    assert stored(app) == [(other_id, True)]


def test_deleting_the_profile_deletes_its_stored_export(app, owner, large):
    ask(owner)
    response = post_form(owner, "/konto/profil/slet", {"password": PASSWORD})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StoredExport)) == 0
