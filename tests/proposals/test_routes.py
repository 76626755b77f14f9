"""Proposals over HTTP: writing and the LIX check, drafting together, withdrawing, comments and
suggestions, the badge and timeline, and bad input (422 or a message, never 500; no CSRF → 400)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.networks.models import Visibility
from app.proposals.models import (
    STATE_LABELS,
    AuthorStatus,
    Proposal,
    ProposalAuthor,
    ProposalComment,
    ProposalState,
    SuggestionStatus,
)
from tests.factories import make_member
from tests.proposals.builders import (
    TEXT,
    Browser,
    add_coauthor,
    body,
    build_scene,
    comment,
    done,
    fresh,
    invite,
    make_proposal,
    open_vote,
    revision_count,
)

HARD = ("Beskæftigelsesforvaltningens sagsbehandlingsprocedurer vanskeliggør "
        "arbejdsmarkedsparatheden betydeligt.")
HARD_HINT = "Teksten er svær at læse"


@pytest.fixture
def scene(app_ctx):
    return build_scene()


def textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"no textarea {name}"
    return match.group(1).lstrip("\r\n")


def lix_hint(page: str) -> tuple[int, str] | None:
    """The LIX score and hint the server wrote on the page (not the live script's templates)."""
    match = re.search(r'<p class="alert-text"><strong>Læsbarhed \(LIX\): (\d+)</strong></p>\s*'
                      r'<p class="alert-text">([^<]+)</p>', page)
    return (int(match.group(1)), match.group(2)) if match else None


def proposals_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Proposal))


def author_status(proposal, user):
    return db.session.scalar(select(ProposalAuthor.status).where(
        ProposalAuthor.proposal_id == proposal.id, ProposalAuthor.user_id == user.id))


# --- writing a proposal -------------------------------------------------------------------------

def test_a_member_writes_a_proposal_and_sees_badge_and_timeline(app, scene):
    frida = Browser(app, scene.creator)
    new_url = scene.list_url + "/nyt"
    page = frida.page(new_url)
    for name in ("title", "summary", "problem", "action", "impact", "submit", "check"):
        assert f'name="{name}"' in page
    response = frida.post(new_url, {**TEXT, "title": "Faste sagsbehandlere", "submit": "Gem"})
    assert response.status_code == 302
    page = frida.page(response.headers["Location"])
    assert "Dit forslag er gemt som udkast." in page and "Faste sagsbehandlere" in page
    assert re.search(r'class="badge badge-info bn-badge">Under udarbejdelse<', page)
    assert "Tidslinje" in page and "Oprettet " in page
    assert "Afstemning åbnet" not in page


def test_the_new_proposal_form_says_first_who_can_read_a_draft(app, scene):
    """Drafts are as readable as the network (rules.can_view_proposal): the note says so,
    before the first field, and says who that is for this network."""
    new_url = scene.list_url + "/nyt"
    page = Browser(app, scene.creator).page(new_url)
    note = page.split('id="draft-note"', 1)[1].split("</div></div>", 1)[0]
    assert page.index('id="draft-note"') < page.index('name="title"')
    assert "også mens det er et udkast" in note
    assert ("ikke er medlemmer" in note) is scene.network.is_public
    scene.network.visibility = Visibility.MEMBERS if scene.network.is_public else Visibility.PUBLIC
    db.session.commit()
    note = Browser(app, scene.creator).page(new_url).split('id="draft-note"', 1)[1]
    assert ("ikke er medlemmer" in note.split("</div></div>", 1)[0]) is scene.network.is_public


def test_only_members_may_write(app, scene):
    new_url = scene.list_url + "/nyt"
    Browser(app, scene.outsider).raw(new_url, 403)
    assert Browser(app, scene.outsider).post(new_url, {**TEXT, "submit": "Gem"}).status_code == 403
    response = Browser(app).raw(new_url, 302)
    assert "/konto/log-ind" in response.headers["Location"]
    assert proposals_count() == 1


def test_missing_fields_give_422_and_keep_the_typed_text(app, scene):
    response = Browser(app, scene.member).post(scene.list_url + "/nyt", {
        "title": "Kort om <b>mig</b>", "summary": "", "problem": "Det tager for lang tid.",
        "action": "  ", "impact": "Mere ro.", "submit": "Gem"})
    page = body(response)
    assert response.status_code == 422 and "Skriv forslaget kort fortalt." in page
    assert "Skriv, hvad jobcentret skal gøre." in page and "<title>Fejl: " in page
    assert 'value="Kort om <b>mig</b>"' in page
    assert textarea(page, "problem") == "Det tager for lang tid."
    assert "<b>mig</b>" not in response.get_data(as_text=True)  # escaped, not markup
    assert proposals_count() == 1


def test_the_summary_is_at_most_300_characters(app, scene):
    browser = Browser(app, scene.member)
    response = browser.post(scene.list_url + "/nyt", {**TEXT, "summary": "a" * 301, "submit": "Gem"})
    page = body(response)
    assert response.status_code == 422
    assert "Teksten må højst være 300 tegn. Du har skrevet 301." in page
    assert textarea(page, "summary") == "a" * 301
    assert proposals_count() == 1
    assert browser.post(scene.list_url + "/nyt", {**TEXT, "summary": "å" * 300,
                                                  "submit": "Gem"}).status_code == 302
    assert proposals_count() == 2


def test_the_check_button_shows_lix_and_saves_nothing(app, scene):
    browser = Browser(app, scene.member)
    response = browser.post(scene.list_url + "/nyt", {**TEXT, "problem": HARD, "action": HARD,
                                                      "impact": HARD, "check": "Tjek"})
    page = body(response)
    score, hint = lix_hint(page)
    assert response.status_code == 200 and score > 45 and hint.startswith(HARD_HINT)
    assert textarea(page, "problem") == HARD and proposals_count() == 1
    easy = body(browser.post(scene.list_url + "/nyt", {
        **TEXT, "summary": "Vi vil tale i telefon.", "problem": "Vi er syge. Vi er trætte.",
        "action": "Ring til os.", "impact": "Vi får ro.", "check": "Tjek"}))
    score, hint = lix_hint(easy)
    assert score < 45 and hint == "Teksten er let nok at læse for de fleste."


def test_the_edit_page_check_button_warns_about_hard_text(app, scene):
    frida = Browser(app, scene.creator)
    edit = f"{scene.url}/rediger"
    assert lix_hint(frida.page(edit))  # computed on the server for the stored text
    response = frida.post(edit, {**TEXT, "problem": HARD, "action": HARD, "check": "Tjek"})
    page = body(response)
    assert response.status_code == 200 and lix_hint(page)[1].startswith(HARD_HINT)
    assert textarea(page, "action") == HARD
    assert revision_count(scene.proposal) == 1


def test_editing_keeps_the_typed_text_on_bad_input(app, scene):
    response = Browser(app, scene.creator).post(f"{scene.url}/rediger", {
        **TEXT, "summary": "x" * 301, "message": "Kortere", "submit": "Gem"})
    page = body(response)
    assert response.status_code == 422 and "Teksten må højst være 300 tegn." in page
    assert "<title>Fejl: " in page
    assert textarea(page, "summary") == "x" * 301 and 'value="Kortere"' in page
    assert fresh(scene.proposal).summary == TEXT["summary"]


# --- drafting together ------------------------------------------------------------------------

def test_invite_by_pseudonym_then_accept_and_edit(app, scene):
    frida, mikkel = Browser(app, scene.creator), Browser(app, scene.coauthor)
    page = frida.post_then_page(f"{scene.url}/medforfattere", {"pseudonym": " medskriver mikkel "})
    assert "Medskriver Mikkel er inviteret som medforfatter." in page
    assert re.search(r"Medskriver Mikkel <span class=\"badge badge-info\">Inviteret</span>", page)
    mikkel.raw(f"{scene.url}/rediger", 403)  # invited is not yet an author
    assert "Du er inviteret til at skrive med på forslaget." in mikkel.page(scene.url)
    page = mikkel.post_then_page(f"{scene.url}/invitation/ja")
    assert "Du er nu medforfatter og kan rette i forslaget." in page
    assert author_status(scene.proposal, scene.coauthor) is AuthorStatus.ACCEPTED
    assert mikkel.post(f"{scene.url}/invitation/ja").status_code == 403  # answered already
    page = mikkel.post_then_page(f"{scene.url}/rediger", {
        **TEXT, "action": "Jobcentret skal altid ringe op.", "message": "Mere konkret", "submit": "Gem"})
    assert "Dine ændringer er gemt som en ny version." in page
    assert "Jobcentret skal altid ringe op." in page
    versions = frida.page(f"{scene.url}/versioner")
    cell = r"<td[^>]*>([^<]*)</td>"
    rows = re.findall(rf"<tr>{cell}{cell}{cell}{cell}</tr>", versions)
    assert [(n, who, msg) for n, who, _when, msg in rows] == [
        ("2", "Medskriver Mikkel", "Mere konkret"), ("1", "Forfatter Frida", "Første udkast")]
    assert all(re.search(r"\d", when) for _n, _who, when, _msg in rows)  # the time is shown


def test_declining_leaves_the_invitee_without_rights(app, scene):
    invite(scene.proposal, scene.creator, scene.coauthor)
    mikkel = Browser(app, scene.coauthor)
    page = mikkel.post_then_page(f"{scene.url}/invitation/nej")
    assert "Du har sagt nej tak til invitationen." in page
    assert "Du er inviteret til at skrive med" not in page and "Medskriver Mikkel" not in page.split(
        'id="forfattere"')[1].split('id="afstemning"')[0]
    assert author_status(scene.proposal, scene.coauthor) is AuthorStatus.DECLINED
    mikkel.raw(f"{scene.url}/rediger", 403)
    assert mikkel.post(f"{scene.url}/invitation/ja").status_code == 403
    assert mikkel.post(f"{scene.url}/invitation/maaske").status_code == 403


@pytest.mark.parametrize(("typed", "message"), [
    ("Findes Ikke", "Der findes ingen med det pseudonym."),
    ("borger@example.org", "Der findes ingen med det pseudonym."),
    ("Udenfor Otto", "Udenfor Otto er ikke medlem af netværket og kan ikke inviteres."),
    ("Forfatter Frida", "Forfatter Frida er allerede medforfatter eller inviteret."),
    ("", "Skriv pseudonymet på den, du vil invitere."),
    ("x" * 41, "Skriv pseudonymet på den, du vil invitere."),
])
def test_bad_invitations_give_a_clear_message(app, scene, typed, message):
    page = Browser(app, scene.creator).post_then_page(f"{scene.url}/medforfattere", {"pseudonym": typed})
    assert message in page
    assert db.session.scalar(select(func.count()).select_from(ProposalAuthor)) == 1


def test_inviting_the_same_person_twice(app, scene):
    frida = Browser(app, scene.creator)
    frida.post_then_page(f"{scene.url}/medforfattere", {"pseudonym": "Medlem Magnus"})
    page = frida.post_then_page(f"{scene.url}/medforfattere", {"pseudonym": "Medlem Magnus"})
    assert "Medlem Magnus er allerede medforfatter eller inviteret." in page


def test_only_accepted_authors_edit_invite_and_withdraw(app, scene):
    edit = f"{scene.url}/rediger"
    change = {**TEXT, "title": "Kapret forslag", "submit": "Gem"}
    for user in (scene.member, scene.moderator, scene.outsider):
        browser = Browser(app, user)
        browser.raw(edit, 403)
        assert browser.post(edit, change).status_code == 403
        assert browser.post(f"{scene.url}/medforfattere", {"pseudonym": "Medlem Magnus"}).status_code == 403
        assert browser.post(f"{scene.url}/traek-tilbage").status_code == 403
    assert "/konto/log-ind" in Browser(app).raw(edit, 302).headers["Location"]
    proposal = fresh(scene.proposal)
    assert (proposal.title, proposal.state, revision_count(proposal)) == (
        TEXT["title"], ProposalState.DRAFTING, 1)
    assert "Ret forslaget" not in Browser(app, scene.member).page(scene.url)
    assert "Ret forslaget" in Browser(app, scene.creator).page(scene.url)


def test_saving_the_same_text_makes_no_revision(app, scene):
    frida = Browser(app, scene.creator)
    page = frida.post_then_page(f"{scene.url}/rediger", {**TEXT, "message": "Ingenting", "submit": "Gem"})
    assert revision_count(scene.proposal) == 1
    assert "gemt som en ny version" not in page and "Du har ikke ændret noget" in page


def test_an_author_withdraws_a_draft_but_not_after_the_vote_opened(app, scene):
    add_coauthor(scene.proposal, scene.creator, scene.coauthor)
    asks = Browser(app, scene.coauthor).page(f"{scene.url}/traek-tilbage")  # asks first
    assert "Vil du trække forslaget tilbage?" in asks and "Ja, træk forslaget tilbage" in asks
    assert fresh(scene.proposal).state is ProposalState.DRAFTING
    page = Browser(app, scene.coauthor).post_then_page(f"{scene.url}/traek-tilbage")
    assert "Forslaget er trukket tilbage." in page
    assert re.search(r'bn-badge">Trukket tilbage<', page) and "<li>Trukket tilbage " in page
    assert fresh(scene.proposal).state is ProposalState.WITHDRAWN
    assert Browser(app, scene.member).post(f"{scene.url}/kommentarer", {"body": "Øv"}).status_code == 403

    voting = open_vote(make_proposal(scene.network, scene.creator, title="Et andet forslag"), scene.creator)
    assert Browser(app, scene.creator).post(f"/forslag/{voting.id}/traek-tilbage").status_code == 403
    assert fresh(voting).state is ProposalState.VOTING


# --- comments and suggestions -------------------------------------------------------------------

def test_a_coauthor_decides_a_suggestion_once(app, scene):
    add_coauthor(scene.proposal, scene.creator, scene.coauthor)
    magnus = Browser(app, scene.member)
    page = magnus.post_then_page(f"{scene.url}/kommentarer", {"body": "Skriv en **frist**.",
                                                              "is_suggestion": "y"})
    assert "Din kommentar er sendt." in page and "<strong>frist</strong>" in page
    assert "Ændringsforslag<" in page and "Marker som indarbejdet" not in page
    suggestion = db.session.scalar(select(ProposalComment))
    decide = f"/forslag/kommentarer/{suggestion.id}/"
    assert magnus.post(decide + "indarbejdet").status_code == 403
    assert Browser(app, scene.moderator).post(decide + "afvist").status_code == 403
    mikkel = Browser(app, scene.coauthor)
    assert "Marker som indarbejdet" in mikkel.page(scene.url)
    page = mikkel.post_then_page(decide + "indarbejdet")
    assert "Ændringsforslaget er markeret som indarbejdet." in page
    assert "Ændringsforslag – indarbejdet" in page and "Marker som indarbejdet" not in page
    page = Browser(app, scene.creator).post_then_page(decide + "afvist")
    assert "Ændringsforslaget er allerede afgjort." in page
    db.session.rollback()
    assert (suggestion.suggestion_status, suggestion.decided_by_id) == (SuggestionStatus.INCORPORATED,
                                                                        scene.coauthor.id)
    assert mikkel.post(decide + "noget-andet").status_code == 404
    assert mikkel.post("/forslag/kommentarer/999999/afvist").status_code == 404


def test_a_plain_comment_cannot_be_decided(app, scene):
    plain = comment(scene.proposal, scene.member, "Bare en kommentar.")
    page = Browser(app, scene.creator).post_then_page(f"/forslag/kommentarer/{plain.id}/afvist")
    assert "Ændringsforslaget er allerede afgjort." in page
    db.session.rollback()
    assert plain.suggestion_status is None


def test_bad_comments_give_422_with_the_text_kept(app, scene):
    magnus = Browser(app, scene.member)
    response = magnus.post(f"{scene.url}/kommentarer", {"body": "   "})
    assert response.status_code == 422 and "Skriv din kommentar." in body(response)
    long_text = "Alt for langt. " * 400
    response = magnus.post(f"{scene.url}/kommentarer", {"body": long_text, "is_suggestion": "y"})
    assert response.status_code == 422 and "Teksten må højst være 5000 tegn." in body(response)
    assert textarea(body(response), "body") == long_text.strip()
    response = magnus.post(f"{scene.url}/kommentarer", {"body": "Null\x00tegn"})
    assert response.status_code == 422 and "tegn, der ikke kan bruges" in body(response)
    open_vote(scene.proposal, scene.creator)
    response = magnus.post(f"{scene.url}/kommentarer", {"body": "Ret ordet «syg».", "is_suggestion": "y"})
    page = body(response)
    assert response.status_code == 422
    assert "Forslag til ændringer kan kun gives, mens teksten skrives." in page
    assert textarea(page, "body") == "Ret ordet «syg»."
    assert db.session.scalar(select(func.count()).select_from(ProposalComment)) == 0
    assert magnus.post(f"{scene.url}/kommentarer", {"body": "Jeg stemmer for."}).status_code == 302


# --- the page: badge and timeline for every state -----------------------------------------------

@pytest.mark.parametrize("state", list(ProposalState))
def test_the_badge_shows_every_state(app, scene, state):
    proposal = scene.proposal
    if state is not ProposalState.DRAFTING:
        open_vote(proposal, scene.creator)
    proposal.state = state
    done()
    page = Browser(app).page(scene.url)
    assert re.findall(r'bn-badge">([^<]+)<', page) == [str(STATE_LABELS[state])]
    assert "Oprettet " in page and ("Afstemning åbnet " in page) is (state is not ProposalState.DRAFTING)


# --- bad input everywhere -----------------------------------------------------------------------

def test_every_form_needs_the_csrf_token(app, scene):
    suggestion = comment(scene.proposal, scene.member, "Forslag.", suggestion=True)
    invite(scene.proposal, scene.creator, scene.coauthor)
    posts = [(scene.creator, scene.list_url + "/nyt", {**TEXT, "submit": "Gem"}),
             (scene.creator, f"{scene.url}/rediger", {**TEXT, "title": "Uden token", "submit": "Gem"}),
             (scene.creator, f"{scene.url}/medforfattere", {"pseudonym": "Medlem Magnus"}),
             (scene.coauthor, f"{scene.url}/invitation/ja", {}),
             (scene.creator, f"{scene.url}/traek-tilbage", {}),
             (scene.member, f"{scene.url}/kommentarer", {"body": "Hej"}),
             (scene.creator, f"/forslag/kommentarer/{suggestion.id}/indarbejdet", {}),
             (scene.creator, f"{scene.url}/afstemning/aabn", {"days": "14"})]
    browsers = {user.id: Browser(app, user) for user in (scene.creator, scene.coauthor, scene.member)}
    for user, url, data in posts:
        response = browsers[user.id].post(url, data, token=False)
        assert response.status_code == 400, url
        assert "sikkerhedskoden" in body(response)
    proposal = fresh(scene.proposal)
    assert (proposal.state, proposal.title, proposals_count()) == (ProposalState.DRAFTING, TEXT["title"], 1)
    assert author_status(proposal, scene.coauthor) is AuthorStatus.INVITED


def test_control_characters_are_refused_in_every_field(app, scene):
    frida = Browser(app, scene.creator)
    page = frida.post_then_page(f"{scene.url}/medforfattere", {"pseudonym": "Medlem\x00Magnus"})
    assert ("Skriv pseudonymet på den, du vil invitere." in page
            or "Der findes ingen med det pseudonym." in page)
    response = frida.post(f"{scene.url}/rediger", {**TEXT, "title": "Ny overskrift", "message": "Rettet\x00",
                                                   "submit": "Gem"})
    assert response.status_code == 422 and "tegn, der ikke kan bruges" in body(response)
    assert 'value="Ny overskrift"' in body(response)
    response = frida.post(scene.list_url + "/nyt", {**TEXT, "title": "Null\x00tegn", "submit": "Gem"})
    assert response.status_code == 422 and "tegn, der ikke kan bruges" in body(response)
    assert (revision_count(scene.proposal), proposals_count()) == (1, 1)
    assert db.session.scalar(select(func.count()).select_from(ProposalAuthor)) == 1


@pytest.mark.parametrize("query", ["?fra=abc&til=1", "?fra=1&til=99", "?fra=99999999999999999&til=1",
                                   "?fra=-1&til=0", "?fra=1"])
def test_bad_revision_numbers_do_not_break_the_comparison(app, scene, query):
    page = Browser(app).page(f"{scene.url}/versioner{query}")
    assert "Alle versioner" in page and "<del>" not in page
    if "til=99" in query:
        assert "Den version findes ikke." in page


@pytest.mark.parametrize("url", ["/forslag/999999", "/forslag/999999/versioner", "/forslag/abc",
                                 "/kommuner/forslagsby/findes-ikke/forslag",
                                 "/kommuner/findes-ikke/forslag/top"])
def test_unknown_things_are_404(app, scene, url):
    Browser(app, scene.member).raw(url, 404)


def test_members_only_proposals_are_hidden_from_outsiders(app, scene):
    insider = make_member(scene.closed, pseudonym="Indenfor Ida")
    secret = make_proposal(scene.closed, insider, title="Hemmeligt forslag")
    for browser in (Browser(app), Browser(app, scene.outsider), Browser(app, scene.member)):
        page = browser.page(f"/forslag/{secret.id}", 404)
        assert "Hemmeligt forslag" not in page
        browser.raw(f"/forslag/{secret.id}/versioner", 404)
        browser.raw(f"/kommuner/forslagsby/{scene.closed.slug}/forslag", 404)
    assert "Hemmeligt forslag" in Browser(app, insider).page(f"/forslag/{secret.id}")
