"""A reply form sent many times at once (double clicks, a browser retrying after a lost answer)
saves one post, against the threaded HTTP server and the real database."""

from __future__ import annotations

import secrets

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.forum.models import Post, Thread
from tests.concurrency.test_votes import ROUNDS, _post, _release_together
from tests.conftest import raw_session
from tests.factories import make_member, make_municipality, make_thread, network_by_slug


@pytest.fixture
def thread_and_session(app, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_REPLY", "100000 per minute")
    with app.app_context():
        network = network_by_slug(make_municipality("Svarby"), "dagpenge")
        member = make_member(network, pseudonym="Svarer Sofie")
        thread_id = make_thread(network, member, "Ventetid på svar", "Hvor længe venter I?").id
    return (thread_id, *raw_session(app, "Svarer Sofie", f"/traade/{thread_id}"))


def test_twenty_simultaneous_sends_of_one_reply_form_save_one_post(app, live_server,
                                                                   thread_and_session):
    thread_id, cookie, token = thread_and_session
    for round_number in range(ROUNDS):
        key = secrets.token_hex(16)
        form = {"csrf_token": token, "submission_key": key, "submit": "Send svar",
                "body": f"Mit svar i runde {round_number}."}
        results = _release_together([
            (lambda form=form: _post(live_server, f"/traade/{thread_id}/svar", cookie, form))
            for _ in range(20)])
        for status, body in results:
            assert status == 302, (status, body[:500])
        with app.app_context():
            saved = db.session.scalars(select(Post).where(Post.submission_key == key)).all()
            assert len(saved) == 1, f"round {round_number}"
            posts = db.session.scalar(select(func.count()).select_from(Post).where(
                Post.thread_id == thread_id))
            assert db.session.get(Thread, thread_id).post_count == posts == round_number + 2
        locations = {body for _status, body in results}
        assert len(locations) == 1  # every answer sends the person to the same, single post
