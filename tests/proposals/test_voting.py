"""The vote over HTTP: opening (text frozen), who may vote and why not, changing one's vote,
late votes, closing early / at the deadline, the result, and the secret ballot."""

from __future__ import annotations

import difflib
import re
from datetime import timedelta

import pytest

from app.core.models import utcnow
from app.proposals.models import ProposalState, VoteValue
from tests.factories import make_committee_member, make_member, make_user, suspend
from tests.proposals.builders import (
    TEXT,
    Browser,
    build_scene,
    cast,
    done,
    fresh,
    make_proposal,
    open_vote,
    revision_count,
    vote_rows,
    withdraw,
)

FROZEN = "Teksten kan ikke ændres, når afstemningen er åbnet."


@pytest.fixture
def scene(app_ctx):
    return build_scene(quorum=3)


@pytest.fixture
def voting(scene):
    open_vote(scene.proposal, scene.creator)
    return scene


def vote(browser: Browser, scene, value: str) -> str:
    return browser.post_then_page(f"{scene.url}/stem", {"value": value})


def errors(page: str) -> list[str]:
    """The error messages flashed on the page."""
    return re.findall(r'alert-error[^"]*" role="alert">\s*<div class="alert-body">'
                      r'<p class="alert-text">([^<]+)<', page)


def expire(proposal) -> None:
    proposal.vote_deadline = utcnow() - timedelta(seconds=1)
    done()


# --- opening the vote ---------------------------------------------------------------------------

def test_an_author_opens_the_vote_for_14_days_and_the_text_freezes(app, scene):
    frida = Browser(app, scene.creator)
    page = frida.page(scene.url)
    assert re.search(r'<input[^>]*name="days"[^>]*value="14"', page)
    page = frida.post_then_page(f"{scene.url}/afstemning/aabn", {"days": "14"})
    assert "Afstemningen er åbnet. Teksten kan ikke længere ændres." in page
    assert 'bn-badge">Til afstemning<' in page
    assert "<li>Afstemning åbnet " in page and "<li>Afstemningen slutter " in page
    assert "Ret forslaget" not in page and 'name="pseudonym"' not in page
    proposal = fresh(scene.proposal)
    assert proposal.state is ProposalState.VOTING
    assert proposal.vote_deadline - proposal.vote_opened_at == timedelta(days=14)

    response = frida.raw(f"{scene.url}/rediger", 302)
    assert response.headers["Location"].endswith(scene.url)
    assert FROZEN in frida.page(scene.url)
    page = frida.post_then_page(f"{scene.url}/rediger", {**TEXT, "title": "Sneget ind", "submit": "Gem"})
    assert FROZEN in page
    assert frida.post(f"{scene.url}/medforfattere", {"pseudonym": "Medlem Magnus"}).status_code == 403
    assert frida.post(f"{scene.url}/afstemning/aabn", {"days": "14"}).status_code == 403
    proposal = fresh(scene.proposal)
    assert (proposal.title, revision_count(proposal)) == (TEXT["title"], 1)


def test_a_moderator_may_open_the_vote_but_a_member_may_not(app, scene):
    for user in (scene.member, scene.outsider):
        assert Browser(app, user).post(f"{scene.url}/afstemning/aabn", {"days": "7"}).status_code == 403
    assert fresh(scene.proposal).state is ProposalState.DRAFTING
    page = Browser(app, scene.moderator).post_then_page(f"{scene.url}/afstemning/aabn", {"days": "7"})
    assert "Afstemningen er åbnet." in page
    proposal = fresh(scene.proposal)
    assert proposal.vote_deadline - proposal.vote_opened_at == timedelta(days=7)


@pytest.mark.parametrize(("days", "message"), [
    ("0", "Vælg mellem 1 og 60 dage."), ("61", "Vælg mellem 1 og 60 dage."),
    ("-1", "Vælg mellem 1 og 60 dage."), ("", "Skriv, hvor mange dage afstemningen skal vare."),
    ("to uger", "Skriv antallet af dage som et tal, for eksempel 14."),
    ("99999999999999999999", "Vælg mellem 1 og 60 dage.")])
def test_days_outside_1_to_60_are_refused_with_a_message(app, scene, days, message):
    page = Browser(app, scene.creator).post_then_page(f"{scene.url}/afstemning/aabn", {"days": days})
    assert errors(page) == [message]
    assert fresh(scene.proposal).state is ProposalState.DRAFTING


# --- casting a vote -----------------------------------------------------------------------------

def test_a_member_votes_and_changes_the_vote(app, voting):
    magnus = Browser(app, voting.member)
    page = magnus.page(voting.url)
    assert page.count('name="value"') == 3 and "checked" not in page  # nothing chosen for him
    page = vote(magnus, voting, "for")
    assert "Tak. Din stemme er registreret." in page and "Du har stemt: For." in page
    assert "1 har stemt indtil nu. Resultatet vises, når afstemningen er slut." in page
    assert "1 for" not in page  # the tally waits for the close (tests/proposals/test_live_turnout.py)
    page = vote(magnus, voting, "against")
    assert "Du har stemt: Imod." in page and "Skift min stemme" in page
    assert re.findall(r'<input[^>]*value="(\w+)"[^>]*checked|<input[^>]*checked[^>]*value="(\w+)"', page) in (
        [("against", "")], [("", "against")])
    assert "1 har stemt indtil nu." in page and "1 imod" not in page
    vote(magnus, voting, "abstain")
    assert vote_rows(voting.proposal) == {voting.member.id: VoteValue.ABSTAIN}


@pytest.mark.parametrize("value", ["", "maybe", "FOR", "for\x00"])
def test_a_bad_vote_value_gives_a_message(app, voting, value):
    page = vote(Browser(app, voting.member), voting, value)
    assert errors(page) == ["Vælg for, imod eller hverken for eller imod."]
    assert vote_rows(voting.proposal) == {}


def test_who_may_not_vote_is_refused_and_told_why(app, voting):
    late = make_member(voting.network, pseudonym="Nytilkommen Nanna")
    banned = make_member(voting.network, pseudonym="Udelukket Ulrik")
    suspend(banned, voting.network, utcnow() + timedelta(days=3))
    cases = [(voting.outsider, "Kun medlemmer af netværket kan stemme."),
             (banned, "Du er udelukket fra netværket lige nu og kan derfor ikke stemme."),
             (late, "Du blev medlem, efter afstemningen var åbnet. Derfor kan du ikke stemme om "
                    "dette forslag, men du kan stemme om de næste.")]
    for user, reason in cases:
        browser = Browser(app, user)
        assert browser.post(f"{voting.url}/stem", {"value": "for"}).status_code == 403
        page = browser.page(voting.url)
        assert reason in page and 'name="value"' not in page
    visitor = Browser(app)
    assert "/konto/log-ind" in visitor.post(f"{voting.url}/stem", {"value": "for"}).headers["Location"]
    assert "Log ind for at stemme." in visitor.page(voting.url)
    assert vote_rows(voting.proposal) == {}


def test_a_member_suspended_before_the_vote_is_refused(app, scene):
    suspend(scene.member, scene.network, utcnow() + timedelta(days=1))
    open_vote(scene.proposal, scene.creator)
    magnus = Browser(app, scene.member)
    assert magnus.post(f"{scene.url}/stem", {"value": "against"}).status_code == 403
    assert "udelukket" in magnus.page(scene.url)
    assert vote_rows(scene.proposal) == {}


def test_a_withdrawn_or_drafting_proposal_cannot_be_voted_on(app, scene):
    magnus = Browser(app, scene.member)
    page = vote(magnus, scene, "for")
    assert "Der er ikke åbnet for afstemning om forslaget endnu." in page
    withdraw(scene.proposal, scene.creator)
    page = vote(magnus, scene, "for")
    assert "Afstemningen er lukket. Din stemme er ikke talt med." in page and 'name="value"' not in page
    assert vote_rows(scene.proposal) == {}


def test_a_vote_after_the_deadline_is_refused_and_not_counted(app, voting):
    cast(voting.proposal, voting.coauthor, "for")
    magnus = Browser(app, voting.member)
    assert 'name="value"' in magnus.page(voting.url)  # the form was on his screen
    expire(voting.proposal)
    response = magnus.post(f"{voting.url}/stem", {"value": "against"})
    assert response.status_code == 302
    page = magnus.page(response.headers["Location"])
    assert re.search(r"Afstemningen sluttede .+\. Din stemme er ikke talt med\.", page)
    proposal = fresh(voting.proposal)
    assert vote_rows(proposal) == {voting.coauthor.id: VoteValue.FOR}
    assert (proposal.state, proposal.votes_for, proposal.votes_against) == (ProposalState.NOT_PASSED, 1, 0)


# --- closing ------------------------------------------------------------------------------------

def test_a_moderator_closes_early_and_the_result_is_shown(app, voting):
    for voter, value in ((voting.member, "for"), (voting.coauthor, "for"), (voting.creator, "abstain")):
        cast(voting.proposal, voter, value)
    for user in (voting.creator, voting.member):
        assert Browser(app, user).post(f"{voting.url}/afstemning/luk").status_code == 403
    mona = Browser(app, voting.moderator)
    assert "Luk afstemningen nu" in mona.page(voting.url)
    page = mona.post_then_page(f"{voting.url}/afstemning/luk")
    assert "Afstemningen er lukket." in page and 'bn-badge">Vedtaget af netværket<' in page
    assert ("Resultat: 2 for, 0 imod, 1 hverken for eller imod. 3 stemte. Det krævede mindst 3."
            in page)
    assert re.search(r"<li>Afstemning lukket [^<]+: vedtaget</li>", page)
    proposal = fresh(voting.proposal)
    assert proposal.vote_closed_at < proposal.vote_deadline
    page = vote(Browser(app, voting.member), voting, "against")
    assert "Afstemningen er lukket. Din stemme er ikke talt med." in page
    assert fresh(voting.proposal).votes_against == 0 and len(vote_rows(proposal)) == 3
    assert mona.post(f"{voting.url}/afstemning/luk").status_code == 403  # closed already


def test_an_admin_may_close_a_vote(app, voting):
    admin = make_user(pseudonym="Admin Aase", admin=True)
    page = Browser(app, admin).post_then_page(f"{voting.url}/afstemning/luk")
    assert "Afstemningen er lukket." in page and 'bn-badge">Ikke vedtaget<' in page


@pytest.mark.parametrize(("ballots", "passed"), [
    (("for", "for"), False),                   # turnout = quorum - 1, all for
    (("for", "against", "abstain"), False),    # quorum reached, for == against
    (("for", "for", "against"), True),
])
def test_the_result_at_the_quorum_boundary(app, voting, ballots, passed):
    for voter, value in zip((voting.member, voting.coauthor, voting.creator), ballots, strict=False):
        cast(voting.proposal, voter, value)
    page = Browser(app, voting.moderator).post_then_page(f"{voting.url}/afstemning/luk")
    assert re.search(r"<li>Afstemning lukket [^<]+: (ikke )?vedtaget</li>", page).group(1) == (
        None if passed else "ikke ")
    proposal = fresh(voting.proposal)
    assert proposal.state is (ProposalState.PASSED if passed else ProposalState.NOT_PASSED)
    rows = list(vote_rows(proposal).values())
    assert [proposal.votes_for, proposal.votes_against, proposal.votes_abstain] == [
        rows.count(VoteValue(v)) for v in ("for", "against", "abstain")]


def test_a_page_shows_an_overdue_vote_closed_and_the_next_write_closes_it(app, voting):
    for voter in (voting.member, voting.coauthor, voting.creator):
        cast(voting.proposal, voter, "for")
    expire(voting.proposal)
    page = Browser(app).page(voting.url)
    assert 'bn-badge">Vedtaget af netværket<' in page and "Resultat: 3 for, 0 imod" in page
    assert re.search(r"<li>Afstemning lukket [^<]+: vedtaget</li>", page)
    assert "Afstemningen slutter" not in page and "Luk afstemningen nu" not in page
    assert fresh(voting.proposal).state is ProposalState.VOTING  # reading wrote nothing
    page = Browser(app, voting.member).post_then_page(f"{voting.url}/kommentarer",
                                                      {"body": "Godt gået."})
    assert "Din kommentar er sendt." in page
    proposal = fresh(voting.proposal)
    assert proposal.state is ProposalState.PASSED and proposal.vote_closed_at == proposal.vote_deadline
    assert (proposal.votes_for, proposal.votes_against, proposal.quorum_at_close) == (3, 0, 3)


def test_the_list_shows_an_overdue_vote_closed_without_writing(app, voting):
    cast(voting.proposal, voting.member, "for")
    expire(voting.proposal)
    page = Browser(app).page(voting.list_url)
    assert 'bn-badge">Ikke vedtaget<' in page and "Resultat: 1 for, 0 imod" in page
    assert "Stemmer indtil nu" not in page
    assert fresh(voting.proposal).state is ProposalState.VOTING


def test_the_close_votes_command_closes_what_is_due(app, voting):
    running = open_vote(make_proposal(voting.network, voting.creator, title="Kører stadig"), voting.creator)
    expire(voting.proposal)
    result = app.test_cli_runner().invoke(args=["close-votes"])
    assert (result.exit_code, result.output.strip()) == (0, "Closed 1 vote(s).")
    assert fresh(voting.proposal).state is ProposalState.NOT_PASSED
    assert fresh(running).state is ProposalState.VOTING


# --- the secret ballot ----------------------------------------------------------------------------

def _neutral(page: str) -> str:
    """The page with numbers, form tokens and the comment form's random submission key
    blanked: what stays is everything but the tallies."""
    page = re.sub(r'name="(csrf_token|submission_key)"[^>]*value="[^"]+"', r'name="\1"', page)
    return re.sub(r"\d+", "#", page)


def test_how_someone_voted_is_shown_to_that_person_alone(app, voting):
    hanne = make_member(voting.network, pseudonym="Hemmelig Hanne")
    other = make_member(voting.network, pseudonym="Anden Anders")
    voting.proposal.vote_opened_at = utcnow()  # they joined before the vote opened
    done()
    voters = [voting.member, voting.coauthor, voting.creator]
    for voter in voters:
        cast(voting.proposal, voter, "for")
    admin = make_user(pseudonym="Admin Aase", admin=True)
    committee = make_committee_member(voting.municipality, pseudonym="Udvalg Ulf")
    viewers = {"member": Browser(app, other), "moderator": Browser(app, voting.moderator),
               "admin": Browser(app, admin), "committee": Browser(app, committee),
               "voter": Browser(app, voting.member), "visitor": Browser(app)}
    top = f"/kommuner/{voting.municipality.slug}/forslag/top"
    urls = [voting.url, voting.list_url]

    own = Browser(app, hanne)
    page = vote(own, voting, "against")
    assert "Du har stemt: Imod." in page and "Kun du kan se, hvad du har stemt." in page
    seen = {name: [_neutral(b.page(url)) for url in urls] for name, b in viewers.items()}
    vote(own, voting, "for")  # what others see must not depend on Hanne's choice, tallies aside
    for name, browser in viewers.items():
        pages = [browser.page(url) for url in urls]
        for before, after in zip(seen[name], [_neutral(p) for p in pages], strict=True):
            assert before == after, (name, "\n".join(difflib.unified_diff(
                before.splitlines(), after.splitlines(), lineterm="", n=0)))
        for page in pages:
            assert "Hemmelig Hanne" not in page, name
            assert not re.search(r"stemte?\b[^<]{0,80}(Hanne|Magnus|Mikkel|Frida)", page), name
            assert "Du har stemt: Imod" not in page and "Du stemte" not in page, name
    vote(own, voting, "against")
    assert "Du har stemt: For." in viewers["voter"].page(voting.url)  # Magnus sees his own only
    assert "checked" not in viewers["member"].page(voting.url)

    Browser(app, voting.moderator).post_then_page(f"{voting.url}/afstemning/luk")
    assert fresh(voting.proposal).state is ProposalState.PASSED
    assert "Du stemte: Imod. Kun du kan se det." in own.page(voting.url)
    for name, browser in viewers.items():
        for url in (*urls, top, top.replace("/forslag/top", f"/{voting.network.slug}/forslag/top")):
            page = browser.page(url)
            assert "Hemmelig Hanne" not in page and "Du stemte: Imod" not in page, (name, url)
            assert not re.search(r"stemte?\b[^<]{0,80}(Hanne|Magnus|Mikkel|Frida)", page), (name, url)
    assert "Du stemte: For. Kun du kan se det." in viewers["voter"].page(voting.url)
    assert "Resultat: 3 for, 1 imod" in viewers["visitor"].page(voting.url)
