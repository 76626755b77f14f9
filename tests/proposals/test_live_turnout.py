"""While a vote is open only the turnout is published; the tally comes when it closes. Anyone
who knew when a member voted could otherwise read the choice from the change in the tally."""

from __future__ import annotations

import re

import pytest

from app.core.models import utcnow
from app.proposals.models import ProposalState
from tests.factories import make_member
from tests.proposals.builders import Browser, build_scene, done, fresh, open_vote

TALLY_RE = re.compile(r"\d+\s+(for|imod)\b|\d+\s+hverken for eller imod")


@pytest.fixture
def voting(app_ctx):
    scene = build_scene(quorum=3)
    open_vote(scene.proposal, scene.creator)
    voters = [make_member(scene.network, pseudonym=f"Vælger {n}") for n in range(4)]
    scene.proposal.vote_opened_at = utcnow()  # they joined before the vote opened
    done()
    scene.voters = voters
    return scene


def published(scene) -> list[str]:
    """The proposal page and the proposal list as a visitor and another member see them,
    without the per-session form tokens."""
    pages = [browser.page(url) for browser in scene.viewers for url in (scene.url, scene.list_url)]
    return [re.sub(r'name="(csrf_token|submission_key)"[^>]*value="[^"]+"', "", page)
            for page in pages]


def assert_turnout_only(pages: list[str], count: int) -> None:
    for page in pages:
        assert not TALLY_RE.search(page), TALLY_RE.search(page).group(0)
        assert f"{count} har stemt indtil nu." in page
        assert "Resultatet vises, når afstemningen er slut." in page


def test_no_single_vote_changes_a_published_figure_but_the_turnout(app, voting):
    voting.viewers = (Browser(app), Browser(app, voting.member))
    before = published(voting)
    assert_turnout_only(before, 0)
    choices = ["for", "against", "abstain", "for"]
    for count, (browser, choice) in enumerate(zip(
            [Browser(app, voter) for voter in voting.voters], choices, strict=True), start=1):
        browser.post_then_page(f"{voting.url}/stem", {"value": choice})
        after = published(voting)
        assert_turnout_only(after, count)
        # The same pages a vote earlier differ only in the turnout.
        turnout_free = [page.replace(f"{count} har stemt", "# har stemt") for page in after]
        assert turnout_free == [page.replace(f"{count - 1} har stemt", "# har stemt")
                                for page in before]
        # Changing one's mind (and back) changes nothing anyone else sees.
        for changed in ("against" if choice == "for" else "for", choice):
            browser.post_then_page(f"{voting.url}/stem", {"value": changed})
            assert published(voting) == after
        before = after

    Browser(app, voting.moderator).post_then_page(f"{voting.url}/afstemning/luk")
    assert fresh(voting.proposal).state is ProposalState.PASSED
    page = Browser(app).page(voting.url)
    assert "Resultat: 2 for, 1 imod, 1 hverken for eller imod. 4 stemte." in page
    assert "Resultat: 2 for, 1 imod, 1 hverken for eller imod" in Browser(app).page(
        voting.list_url)
