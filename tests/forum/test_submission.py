"""The same form sent twice saves one post: services and HTTP (see core.forms.SubmissionKey)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.forum import services
from app.forum.models import Post, Thread
from app.networks.models import Network
from tests.conftest import CSRF_RE, IsolatedClient, send_twice
from tests.factories import make_member, make_municipality, make_thread, network_by_slug
from tests.networks.test_routes import client_for

KEY = "0123456789abcdef0123456789abcdef"
KEY_RE = re.compile(r'name="submission_key"[^>]*value="([0-9a-f]{32})"')


@pytest.fixture
def world(app, app_ctx):
    app.test_client_class = IsolatedClient  # the test holds an app context of its own
    network = network_by_slug(make_municipality("Gentagby"), "dagpenge")
    sofie = make_member(network, pseudonym="Sofie Sender")
    karl = make_member(network, pseudonym="Karl Klikker")
    thread = make_thread(network, sofie, "Første møde", "Hvordan gik det?")
    return network, sofie, karl, thread


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_reply_sent_twice_with_one_key_is_saved_once(world):
    network, sofie, _karl, thread = world
    first = services.reply(sofie, thread, "Det gik godt.", submission_key=KEY)
    db.session.commit()
    again = services.reply(sofie, thread, "Det gik godt.", submission_key=KEY)
    db.session.commit()
    assert again.id == first.id
    db.session.refresh(thread)
    assert count(Post, Post.thread_id == thread.id) == thread.post_count == 2


def test_the_key_belongs_to_its_author(world):
    _network, sofie, karl, thread = world
    mine = services.reply(sofie, thread, "Mit svar.", submission_key=KEY)
    theirs = services.reply(karl, thread, "Karls svar.", submission_key=KEY)
    db.session.commit()
    assert mine.id != theirs.id and theirs.author_id == karl.id


def test_replies_without_a_key_are_all_saved(world):
    _network, sofie, _karl, thread = world
    services.reply(sofie, thread, "Igen.")
    services.reply(sofie, thread, "Igen.")
    db.session.commit()
    assert count(Post, Post.thread_id == thread.id) == 3


def test_a_new_thread_sent_twice_is_created_once(world):
    network, sofie, _karl, _thread = world
    before = db.session.get(Network, network.id).thread_count
    first = services.start_thread(sofie, network, "Ny tråd om kurser", "Hvem har været på kursus?",
                                  submission_key=KEY)
    db.session.commit()
    again = services.start_thread(sofie, network, "Ny tråd om kurser", "Hvem har været på kursus?",
                                  submission_key=KEY)
    db.session.commit()
    assert again.id == first.id
    assert count(Thread, Thread.network_id == network.id, Thread.title == "Ny tråd om kurser") == 1
    db.session.expire_all()
    assert db.session.get(Network, network.id).thread_count == before + 1


def test_the_reply_form_carries_a_key_that_survives_a_preview_and_a_resend(app, world):
    _network, _sofie, _karl, thread = world
    client = client_for(app, "Sofie Sender")
    page = client.get(f"/traade/{thread.id}").get_data(as_text=True)
    key = KEY_RE.search(page).group(1)
    token = CSRF_RE.search(page).group(1)
    assert KEY_RE.search(client.get(f"/traade/{thread.id}").get_data(as_text=True)).group(1) != key
    form = {"csrf_token": token, "submission_key": key, "body": "Jeg fik hjælp til sidst."}
    preview = client.post(f"/traade/{thread.id}/svar", data={**form, "preview": "1"})
    assert KEY_RE.search(preview.get_data(as_text=True)).group(1) == key
    send_twice(client, f"/traade/{thread.id}/svar", {**form, "submit": "1"})
    with app.app_context():
        assert count(Post, Post.body == "Jeg fik hjælp til sidst.") == 1


def test_a_missing_or_odd_key_still_saves_the_reply(app, world):
    _network, _sofie, _karl, thread = world
    client = client_for(app, "Karl Klikker")
    token = CSRF_RE.search(client.get(f"/traade/{thread.id}").get_data(as_text=True)).group(1)
    for key in (None, "not-a-key", "<script>"):
        form = {"csrf_token": token, "body": f"Svar med nøglen {key}.", "submit": "1"}
        if key is not None:
            form["submission_key"] = key
        assert client.post(f"/traade/{thread.id}/svar", data=form).status_code == 302
    with app.app_context():
        keys = db.session.scalars(select(Post.submission_key).where(
            Post.body.like("Svar med nøglen%"))).all()
        assert len(keys) == 3 and all(re.fullmatch(r"[0-9a-f]{32}", k) for k in keys)


def test_a_new_thread_form_sent_twice_opens_one_thread(app, world):
    network, _sofie, _karl, _thread = world
    client = client_for(app, "Karl Klikker")
    url = "/kommuner/gentagby/dagpenge/ny-traad"
    page = client.get(url).get_data(as_text=True)
    form = {"csrf_token": CSRF_RE.search(page).group(1), "submission_key": KEY_RE.search(page).group(1),
            "title": "Aktivering i vinter", "body": "Er der nogen, der har prøvet det?", "submit": "1"}
    send_twice(client, url, form)
    with app.app_context():
        assert count(Thread, Thread.title == "Aktivering i vinter") == 1
