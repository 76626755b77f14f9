"""A new proposal or a comment sent twice (a double click, a phone sending again after a lost
answer) is saved once: services, HTTP, many copies at the same moment, and the crisis alert.
See core.forms.SubmissionKey."""

from __future__ import annotations

import re
import secrets

import pytest
from sqlalchemy import func, select

from app.core.events import Event
from app.extensions import db
from app.proposals import services
from app.proposals.models import Proposal, ProposalComment, ProposalRevision
from tests.concurrency.test_votes import ROUNDS, _post, _release_together
from tests.conftest import CSRF_RE, IsolatedClient, raw_session, send_twice
from tests.factories import make_member, make_municipality, network_by_slug
from tests.networks.test_routes import client_for
from tests.proposals.builders import TEXT, done, make_proposal, text

KEY = "0123456789abcdef0123456789abcdef"
KEY_RE = re.compile(r'name="submission_key"[^>]*value="([0-9a-f]{32})"')
CRISIS = "Jeg kan ikke mere. Jeg vil ikke leve mere."
NEW_URL = "/kommuner/dobbeltby/sygedagpenge/forslag/nyt"


@pytest.fixture
def world(app, app_ctx):
    app.test_client_class = IsolatedClient  # the test holds an app context of its own
    network = network_by_slug(make_municipality("Dobbeltby"), "sygedagpenge")
    sofie = make_member(network, pseudonym="Sofie Skriver")
    karl = make_member(network, pseudonym="Karl Klikker")
    proposal = make_proposal(network, sofie)
    return network, sofie, karl, proposal


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_a_new_proposal_sent_twice_is_created_once(world):
    network, sofie, karl, _proposal = world
    first, new = services.create_proposal_once(sofie, network, text(title="Kortere ventetid"),
                                               KEY)
    done()
    again, new_again = services.create_proposal_once(sofie, network,
                                                     text(title="Kortere ventetid"), KEY)
    done()
    assert (new, new_again) == (True, False) and again.id == first.id
    assert count(Proposal, Proposal.title == "Kortere ventetid") == 1
    assert count(ProposalRevision, ProposalRevision.proposal_id == first.id) == 1
    theirs = services.create_proposal(karl, network, text(title="Kortere ventetid"), KEY)
    done()
    assert theirs.id != first.id, "the key belongs to its author"


def test_a_comment_sent_twice_is_saved_once(world):
    _network, sofie, karl, proposal = world
    first, new = services.add_comment_once(karl, proposal, "Godt forslag.", False, KEY)
    done()
    again, new_again = services.add_comment_once(karl, proposal, "Godt forslag.", False, KEY)
    done()
    assert (new, new_again) == (True, False) and again.id == first.id
    services.add_comment(karl, proposal, "Godt forslag.", False)
    services.add_comment(karl, proposal, "Godt forslag.", False)
    mine = services.add_comment(sofie, proposal, "Godt forslag.", False, KEY)
    done()
    assert mine.id != first.id
    assert count(ProposalComment, ProposalComment.proposal_id == proposal.id) == 4


def test_the_new_proposal_form_sent_twice_opens_one_draft(app, world):
    client = client_for(app, "Karl Klikker")
    page = client.get(NEW_URL).get_data(as_text=True)
    key = KEY_RE.search(page).group(1)
    form = {**TEXT, "title": "Hjælp til transport", "csrf_token": CSRF_RE.search(page).group(1),
            "submission_key": key}
    checked = client.post(NEW_URL, data={**form, "check": "1"})
    assert KEY_RE.search(checked.get_data(as_text=True)).group(1) == key
    send_twice(client, NEW_URL, {**form, "submit": "1"})
    with app.app_context():
        assert count(Proposal, Proposal.title == "Hjælp til transport") == 1


def test_the_comment_form_sent_twice_saves_one_comment_and_one_crisis_alert(app, world):
    _network, _sofie, _karl, proposal = world
    client = client_for(app, "Karl Klikker")
    page = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    form = {"csrf_token": CSRF_RE.search(page).group(1),
            "submission_key": KEY_RE.search(page).group(1), "body": CRISIS}
    for _ in range(2):
        response = client.post(f"/forslag/{proposal.id}/kommentarer", data=form)
        assert response.status_code == 302
        assert "Livslinien" in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert count(ProposalComment, ProposalComment.body == CRISIS) == 1
        assert count(Event, Event.kind == "moderation.crisis_alert",
                     Event.proposal_id == proposal.id) == 1


@pytest.fixture
def commenting(app, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_REPLY", "100000 per minute")
    with app.app_context():
        network = network_by_slug(make_municipality("Samtidigby"), "sygedagpenge")
        proposal_id = make_proposal(network, make_member(network, pseudonym="Sofie Samtidig")).id
    return (proposal_id, *raw_session(app, "Sofie Samtidig", f"/forslag/{proposal_id}"))


def test_twenty_simultaneous_sends_of_one_comment_form_save_one_comment(app, live_server,
                                                                        commenting):
    proposal_id, cookie, token = commenting
    for round_number in range(ROUNDS):
        key = secrets.token_hex(16)
        form = {"csrf_token": token, "submission_key": key,
                "body": f"Min kommentar i runde {round_number}."}
        results = _release_together([
            (lambda form=form: _post(live_server, f"/forslag/{proposal_id}/kommentarer", cookie,
                                     form))
            for _ in range(20)])
        for status, body in results:
            assert status == 302, (status, body[:500])
        with app.app_context():
            saved = db.session.scalars(select(ProposalComment).where(
                ProposalComment.submission_key == key)).all()
            assert len(saved) == 1, f"round {round_number}"
