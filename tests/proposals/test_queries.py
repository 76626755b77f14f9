"""Lists: filtering by status, keyset pages, top proposals per network and municipality for a
period; and pages whose number of SQL statements does not grow with the data."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from app.core.models import utcnow
from app.proposals.models import ProposalState
from tests.factories import join, make_member, make_municipality, make_user, network_by_slug
from tests.proposals.builders import (
    Browser,
    build_scene,
    bulk_comments,
    cast,
    decided,
    done,
    make_proposal,
    members,
    open_vote,
    withdraw,
)


def titles(page: str) -> list[str]:
    return re.findall(r'class="bn-thread-title" href="/forslag/\d+" lang="da">([^<]+)</a>', page)


def top_titles(page: str) -> list[str]:
    return re.findall(r'<td data-title="Forslag"><a href="/forslag/\d+" lang="da">([^<]+)</a>', page)


def older_link(page: str) -> str | None:
    match = re.search(r'<a href="([^"]+)">Ældre forslag</a>', page)
    return match.group(1) if match else None


@pytest.fixture
def scene(app_ctx):
    return build_scene(quorum=1)


# --- a network's list ---------------------------------------------------------------------------

def test_the_list_filters_by_status(app, scene):
    voters = members(scene.network, 2)
    open_vote(make_proposal(scene.network, scene.creator, title="Til afstemning nu"), scene.creator)
    decided(scene.network, scene.creator, voters, 2, title="Blev vedtaget")
    decided(scene.network, scene.creator, voters, 0, 1, title="Faldt")
    withdraw(make_proposal(scene.network, scene.creator, title="Fortrudt"), scene.creator)
    browser = Browser(app)
    assert titles(browser.page(scene.list_url)) == [
        "Fortrudt", "Faldt", "Blev vedtaget", "Til afstemning nu", scene.proposal.title]
    expected = {"voting": ["Til afstemning nu"], "passed": ["Blev vedtaget"], "not_passed": ["Faldt"],
                "withdrawn": ["Fortrudt"], "drafting": [scene.proposal.title], "answered": []}
    for status, wanted in expected.items():
        page = browser.page(f"{scene.list_url}?status={status}")
        assert titles(page) == wanted, status
        assert re.search(rf'<option value="{status}" selected>', page)
    for junk in ("bogus", "", "VOTING", "voting%00"):
        assert len(titles(browser.page(f"{scene.list_url}?status={junk}"))) == 5


def test_keyset_pages_of_25_proposals(app, scene):
    for i in range(1, 25):
        make_proposal(scene.network, scene.creator, title=f"Forslag nummer {i:02d}")
    open_vote(make_proposal(scene.network, scene.creator, title="Til afstemning"), scene.creator)
    browser = Browser(app)
    first = browser.page(scene.list_url)
    second = browser.page(older_link(first))
    assert len(titles(first)) == 20 and len(titles(second)) == 6 and older_link(second) is None
    assert titles(first)[:2] == ["Til afstemning", "Forslag nummer 24"]
    assert titles(first) + titles(second) == ["Til afstemning"] + [
        f"Forslag nummer {i:02d}" for i in range(24, 0, -1)] + [scene.proposal.title]
    # the filter stays on when paging
    drafting = browser.page(f"{scene.list_url}?status=drafting")
    link = older_link(drafting)
    assert "status=drafting" in link and "foer=" in link
    rest = titles(browser.page(link))
    assert len(titles(drafting)) == 20 and len(rest) == 5 and "Til afstemning" not in titles(drafting) + rest
    for junk in ("abc", "-1", "0", "99999999999999999", "1" * 30):
        assert len(titles(browser.page(f"{scene.list_url}?foer={junk}"))) in (0, 20), junk


# --- top proposals ------------------------------------------------------------------------------

@pytest.fixture
def top(scene):
    """Passed proposals across Forslagsby's networks, closed at known moments."""
    voters = members(scene.network, 5)
    other = network_by_slug(scene.municipality, "dagpenge")
    other.quorum = 1
    scene.closed.quorum = 1
    done()
    for voter in voters[:2]:
        join(voter, other)
    insiders = [make_member(scene.closed, pseudonym=f"Indenfor {i}") for i in range(5)]
    elsewhere = network_by_slug(make_municipality("Andetsted"), "sygedagpenge")
    elsewhere.quorum = 1
    far = [make_member(elsewhere, pseudonym=f"Fjern {i}") for i in range(5)]
    today = date.today()
    quarter_start = datetime(today.year, 3 * ((today.month - 1) // 3) + 1, 1, 12, tzinfo=UTC)
    net, creator = scene.network, scene.creator
    decided(net, creator, voters, 3, title="Tre for")
    decided(net, creator, voters, 3, 1, 1, title="Tre for og flere stemte")
    fire = decided(net, creator, voters, 4, title="Fire for")
    fire.state = ProposalState.FORWARDED  # still counts: it passed
    done()
    decided(net, creator, voters, 1, 2, title="Ikke vedtaget")
    decided(net, creator, voters, 5, title="Marts", closed_at=datetime(2025, 3, 31, 23, 30, tzinfo=UTC))
    decided(net, creator, voters, 5, title="April", closed_at=datetime(2025, 4, 1, 0, 30, tzinfo=UTC))
    if quarter_start.month != today.month:
        decided(net, creator, voters, 5, title="Tidligere i kvartalet", closed_at=quarter_start)
    decided(other, voters[0], voters, 2, title="Dagpenge to for")
    decided(scene.closed, insiders[0], insiders, 5, title="Lukket netværk fem for")
    decided(elsewhere, far[0], far, 5, title="Anden kommune")
    scene.insider = insiders[1]
    scene.top_url = f"/kommuner/{scene.municipality.slug}/forslag/top"
    scene.net_top_url = f"/kommuner/{scene.municipality.slug}/{scene.network.slug}/forslag/top"
    scene.in_quarter = quarter_start.month != today.month
    return scene


def test_top_per_network_this_month_ranks_by_for_then_turnout(app, top):
    page = Browser(app).page(top.net_top_url)
    assert top_titles(page) == ["Fire for", "Tre for og flere stemte", "Tre for"]
    assert re.search(r'<td data-title="For">3</td><td data-title="Imod">1</td>'
                     r'<td data-title="Stemte i alt">5</td>', page)  # for, against, turnout
    assert re.search(r'id="periode-maaned" name="periode" value="maaned" checked', page)


def test_top_per_municipality_hides_members_only_networks_from_visitors(app, top):
    visible = ["Fire for", "Tre for og flere stemte", "Tre for", "Dagpenge to for"]
    for browser in (Browser(app), Browser(app, top.member), Browser(app, top.outsider)):
        page = browser.page(top.top_url)
        assert top_titles(page) == visible and "Lukket netværk" not in page
    assert top_titles(Browser(app, top.insider).page(top.top_url)) == ["Lukket netværk fem for", *visible]
    admin = make_user(pseudonym="Admin Aase", admin=True)
    assert top_titles(Browser(app, admin).page(top.top_url))[0] == "Lukket netværk fem for"
    page = Browser(app).page(f"/kommuner/{top.municipality.slug}/{top.closed.slug}/forslag/top")
    assert "Lukket netværk" not in page and top_titles(page) == []


def test_top_query_filters_by_the_readers_networks_before_the_limit(app, top, monkeypatch):
    from flask_login import AnonymousUserMixin

    from app.proposals import queries

    monkeypatch.setattr(queries, "TOP_LIMIT", 1)
    today = date.today()
    start, end = datetime(today.year, today.month, 1, tzinfo=UTC), utcnow() + timedelta(seconds=1)

    def top_for(reader):
        return [p.title for p in queries.top_proposals(
            start, end, municipality_id=top.municipality.id, reader=reader)]

    assert top_for(None) == ["Lukket netværk fem for"]  # no reader: every network
    assert top_for(AnonymousUserMixin()) == ["Fire for"]  # not an empty page after the filter
    assert top_for(top.member) == ["Fire for"]
    assert top_for(top.insider) == ["Lukket netværk fem for"]


def test_top_this_quarter_and_a_chosen_range(app, top):
    browser = Browser(app)
    quarter = top_titles(browser.page(top.net_top_url + "?periode=kvartal"))
    assert quarter[:1] == (["Tidligere i kvartalet"] if top.in_quarter else ["Fire for"])
    assert "Marts" not in quarter and "April" not in quarter
    march = browser.page(top.net_top_url + "?periode=valgt&fra=2025-03-01&til=2025-03-31")
    assert top_titles(march) == ["Marts"]
    assert 'value="2025-03-01"' in march and 'value="2025-03-31"' in march
    assert top_titles(browser.page(top.top_url + "?periode=valgt&fra=2025-04-01&til=2025-04-01")) == ["April"]
    # typed as a Danish browser shows a date (without a date picker people type what they see)
    assert top_titles(browser.page(top.top_url + "?periode=valgt&fra=01.04.2025&til=1.4.2025")) == ["April"]
    assert top_titles(browser.page(top.top_url + "?periode=valgt&fra=2025-01-01&til=2025-12-31")) == [
        "Marts", "April"]  # equal votes and turnout: the older proposal first


@pytest.mark.parametrize(("query", "message"), [
    ("fra=2025-13-01&til=2025-12-31", "Skriv datoerne som dag, måned og år, for eksempel 31.01.2026."),
    ("fra=31.02.2025&til=2025-04-01", "Skriv datoerne som dag, måned og år, for eksempel 31.01.2026."),
    ("fra=2025-03-01", "Skriv datoerne som dag, måned og år, for eksempel 31.01.2026."),
    ("fra=&til=", "Skriv datoerne som dag, måned og år, for eksempel 31.01.2026."),
    ("fra=2025-04-01&til=2025-03-01", "Slutdatoen skal være efter startdatoen."),
    ("fra=9999-12-31&til=9999-12-31", "Skriv datoerne som dag, måned og år, for eksempel 31.01.2026."),
    ("fra=0001-01-01&til=0001-01-01", None),
])
def test_bad_dates_give_a_danish_message_not_500(app, top, query, message):
    page = Browser(app).page(f"{top.top_url}?periode=valgt&{query}")
    if message:
        assert message in page
        assert top_titles(page) == ["Fire for", "Tre for og flere stemte", "Tre for", "Dagpenge to for"]
    else:
        assert "Ingen forslag blev vedtaget i perioden." in page and 'role="alert"' not in page


def test_an_unknown_period_means_this_month(app, top):
    assert top_titles(Browser(app).page(top.net_top_url + "?periode=aarhundrede")) == [
        "Fire for", "Tre for og flere stemte", "Tre for"]


# --- the number of SQL statements does not grow with the data --------------------------------

def _statements(count_queries, browser: Browser, url: str) -> int:
    browser.client.get(url)  # warm up (caches, memo of nothing but this request)
    with count_queries() as counter:
        response = browser.client.get(url)
    assert response.status_code == 200, url
    return counter.count


def test_the_proposal_page_costs_the_same_with_3_and_60_comments_and_votes(app, scene, count_queries):
    crowd = members(scene.network, 60)
    small = scene.proposal
    large = make_proposal(scene.network, scene.creator, title="Meget debatteret")
    for proposal, size in ((small, 3), (large, 60)):
        bulk_comments(proposal, crowd[:size], size)
        open_vote(proposal, scene.creator)
        for i, voter in enumerate(crowd[:size]):
            cast(proposal, voter, ("for", "against", "abstain")[i % 3])
    counts = {}
    for name, user in (("voter", crowd[0]), ("author", scene.creator), ("visitor", None)):
        browser = Browser(app, user)
        counts[name] = (_statements(count_queries, browser, f"/forslag/{small.id}"),
                        _statements(count_queries, browser, f"/forslag/{large.id}"))
    print("proposal page statements (3, 60):", counts)
    for name, (three, sixty) in counts.items():
        assert three == sixty, (name, three, sixty)


def test_the_list_page_costs_the_same_with_3_and_60_proposals(app, scene, count_queries):
    voters = members(scene.network, 2)
    few = network_by_slug(scene.municipality, "kontanthjaelp")
    done()
    for voter in (*voters, scene.creator):
        join(voter, few)
    for network, size in ((few, 3), (scene.network, 60)):
        for i in range(size):
            proposal = make_proposal(network, scene.creator, title=f"Forslag {i}")
            if i % 3:
                open_vote(proposal, scene.creator)
                cast(proposal, voters[0], "for")
                cast(proposal, voters[1], "against")
                if i % 3 == 2:
                    proposal.vote_deadline = utcnow() - timedelta(seconds=1)  # shown closed
                    done()
    browser = Browser(app, voters[0])
    browser.raw(f"/kommuner/{scene.municipality.slug}/{few.slug}/forslag")  # warm up
    browser.raw(scene.list_url)
    counts = {}
    for name, user in (("member", voters[0]), ("visitor", None)):
        browser = Browser(app, user)
        few_url = f"/kommuner/{scene.municipality.slug}/{few.slug}/forslag"
        counts[name] = (_statements(count_queries, browser, few_url),
                        _statements(count_queries, browser, scene.list_url))
    print("list page statements (3, 60):", counts)
    for name, (three, sixty) in counts.items():
        assert three == sixty, (name, three, sixty)


def test_an_empty_period_shows_the_latest_month_with_passed_proposals_and_says_so(app, top):
    from sqlalchemy import select

    from app.extensions import db
    from app.proposals.models import Proposal

    for proposal in db.session.scalars(select(Proposal).where(  # all after April 2025 to April
            Proposal.network_id == top.network.id,
            Proposal.vote_closed_at >= datetime(2025, 5, 1, tzinfo=UTC))):
        proposal.vote_closed_at = datetime(2025, 4, 15, 12, tzinfo=UTC)
    done()
    page = Browser(app).page(top.net_top_url)
    assert "Ingen forslag er vedtaget i perioden endnu." in page and "april 2025" in page
    titles = top_titles(page)
    assert "April" in titles and "Fire for" in titles and "Marts" not in titles
    chosen = Browser(app).page(top.net_top_url + "?periode=valgt&fra=2026-01-01&til=2026-01-02")
    assert "perioden endnu" not in chosen  # a chosen period is what was asked for
