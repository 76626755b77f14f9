"""Voting with integrity under load, against the threaded HTTP server and the real database.

Requests are released together behind a barrier and the rounds are repeated. Nothing may
end in a 500 or "database is locked"; one member has exactly one vote; the tally equals
the vote rows.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import pytest
from sqlalchemy import func, select

from app.core.models import utcnow
from app.extensions import db
from app.proposals import services
from app.proposals.models import Proposal, ProposalState, Vote, VoteValue
from tests.conftest import CSRF_RE, login
from tests.factories import PASSWORD, make_municipality, make_user

ROUNDS = 3


@pytest.fixture
def generous_limits(app, monkeypatch):
    for name in ("LIMIT_LOGIN_IP", "LIMIT_LOGIN_ACCOUNT", "LIMIT_VOTE"):
        monkeypatch.setitem(app.config, name, "100000 per minute")


@pytest.fixture
def voting_proposal(app, generous_limits):
    """A proposal open for voting in a network of 200 members."""
    from app.networks.models import Network
    from app.networks.services import join_network

    with app.app_context():
        municipality = make_municipality("Stemmekommune")
        network = db.session.scalar(select(Network).where(
            Network.municipality_id == municipality.id, Network.slug == "dagpenge"))
        creator = make_user(pseudonym="Forfatter")
        join_network(creator, network)
        proposal = services.create_proposal(creator, network, services.ProposalText(
            "Kortere ventetid på svar", "Svar inden for fem dage.", "Vi venter længe.",
            "Svar inden for fem dage.", "Mindre uro."))
        voters = []
        for n in range(200):
            user = make_user(pseudonym=f"Vælger {n}")
            join_network(user, network)
            voters.append(user.pseudonym)
        db.session.commit()
        services.open_voting(creator, proposal, 14)
        proposal.vote_opened_at = utcnow() + timedelta(seconds=1)  # everyone joined before
        db.session.commit()
        return proposal.id, voters


def _session_for(app, pseudonym: str, proposal_id: int) -> tuple[str, str]:
    """Log in in-process and return (cookie header, CSRF token) for use over HTTP."""
    client = app.test_client()
    assert login(client, pseudonym, PASSWORD).status_code == 302
    page = client.get(f"/forslag/{proposal_id}").get_data(as_text=True)
    token = CSRF_RE.search(page).group(1)
    cookie = client.get_cookie("borgernet_session")
    return f"borgernet_session={cookie.value}", token


def _post(base_url: str, path: str, cookie: str, form: dict) -> tuple[int, str]:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        connection.request("POST", path, body=urlencode(form), headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _release_together(jobs) -> list[tuple[int, str]]:
    barrier = threading.Barrier(len(jobs))
    results: list[tuple[int, str] | BaseException] = [None] * len(jobs)

    def run(index: int, job) -> None:
        barrier.wait()
        try:
            results[index] = job()
        except BaseException as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for result in results:
        assert not isinstance(result, BaseException), result
    return results


def _assert_clean(results) -> None:
    for status, body in results:
        assert status < 500, body[:500]
        assert "database is locked" not in body
        assert status in (302, 303), (status, body[:300])


def _rows(app, proposal_id: int) -> dict[VoteValue, int]:
    with app.app_context():
        counts = dict.fromkeys(VoteValue, 0)
        for value, count in db.session.execute(select(Vote.value, func.count()).where(
                Vote.proposal_id == proposal_id).group_by(Vote.value)):
            counts[value] = count
        return counts


def test_fifty_simultaneous_votes_from_one_member_leave_one_vote(app, live_server,
                                                                 voting_proposal):
    proposal_id, voters = voting_proposal
    cookie, token = _session_for(app, voters[0], proposal_id)
    for _round in range(ROUNDS):
        choices = [random.choice(["for", "against", "abstain"]) for _ in range(50)]
        results = _release_together([
            (lambda value=value: _post(live_server, f"/forslag/{proposal_id}/stem", cookie,
                                       {"csrf_token": token, "value": value}))
            for value in choices])
        _assert_clean(results)
        with app.app_context():
            rows = db.session.execute(select(Vote.user_id, Vote.value).where(
                Vote.proposal_id == proposal_id)).all()
        assert len(rows) == 1
        assert rows[0].value.value in choices


def test_two_hundred_members_voting_at_once_give_an_exact_tally(app, live_server,
                                                                voting_proposal):
    proposal_id, voters = voting_proposal
    sessions = [_session_for(app, pseudonym, proposal_id) for pseudonym in voters]
    for round_number in range(ROUNDS):
        choices = [random.choice(["for", "against", "abstain"]) for _ in voters]
        results = _release_together([
            (lambda cookie=cookie, token=token, value=value: _post(
                live_server, f"/forslag/{proposal_id}/stem", cookie,
                {"csrf_token": token, "value": value}))
            for (cookie, token), value in zip(sessions, choices, strict=True)])
        _assert_clean(results)
        rows = _rows(app, proposal_id)
        assert sum(rows.values()) == len(voters), f"round {round_number}"
        expected = {v: choices.count(v.value) for v in VoteValue}
        assert rows == expected, f"round {round_number}"
        with app.app_context():
            live = services.tally(db.session.get(Proposal, proposal_id))
        assert live == rows

    with app.app_context():
        proposal = services.close_voting(db.session.get(Proposal, proposal_id))
        db.session.commit()
        final = (proposal.votes_for, proposal.votes_against, proposal.votes_abstain)
    rows = _rows(app, proposal_id)
    assert final == (rows[VoteValue.FOR], rows[VoteValue.AGAINST], rows[VoteValue.ABSTAIN])


def test_vote_after_the_deadline_is_refused_with_a_clear_message(app, live_server,
                                                                 voting_proposal):
    proposal_id, voters = voting_proposal
    cookie, token = _session_for(app, voters[1], proposal_id)
    with app.app_context():
        proposal = db.session.get(Proposal, proposal_id)
        proposal.vote_deadline = utcnow() - timedelta(minutes=1)
        db.session.commit()
    results = _release_together([
        (lambda: _post(live_server, f"/forslag/{proposal_id}/stem", cookie,
                       {"csrf_token": token, "value": "for"})) for _ in range(10)])
    _assert_clean(results)
    assert sum(_rows(app, proposal_id).values()) == 0
    client = app.test_client()
    login(client, voters[1], PASSWORD)
    page = client.get(f"/forslag/{proposal_id}").get_data(as_text=True)
    assert "Afstemningen sluttede" in page or re.search(r"Afstemning lukket", page)
    with app.app_context():
        assert db.session.get(Proposal, proposal_id).state is not ProposalState.VOTING
