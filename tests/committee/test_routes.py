"""The committee over HTTP: the moderators' page and forwarding, the committee's list and
dossier, the three steps, the public timeline and clock, the print stylesheet, and the audit
log's promise that no route changes it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.committee.models import LOCAL_TIMEZONE, ForwardedComment, local_today
from app.extensions import db
from app.networks.models import Visibility
from app.proposals.models import ProposalState
from tests.committee.builders import (
    ANSWER_TEXT,
    COVER_NOTE,
    answer,
    audit_entries,
    build_committee_scene,
    forward,
    forwarding_of,
    receive,
    schedule,
    sign_in,
)
from tests.proposals.builders import (
    add_coauthor,
    body,
    cast,
    close_vote,
    comment,
    decided,
    done,
    fresh,
    make_proposal,
    members,
    open_vote,
    revise,
)

CSS = Path(__file__).resolve().parents[2] / "static/css/borgernet.css"


@pytest.fixture
def scene(app_ctx):
    return build_committee_scene()


def rows_in_order(page: str, titles: list[str]) -> list[str]:
    found = sorted((page.index(title), title) for title in titles if title in page)
    return [title for _, title in found]


# --- the moderators' page and forwarding --------------------------------------------------------

def test_the_dashboard_ranks_passed_proposals_like_top_proposals(app, scene):
    voters = scene.voters
    more = members(scene.network, 3, prefix="Ekstra")
    decided(scene.network, scene.creator, voters + more, for_=5, against=1, title="Fem for")
    decided(scene.network, scene.creator, voters + more, for_=3, against=2, title="Tre for mange")
    decided(scene.network, scene.creator, voters + more, for_=1, against=2, title="Faldt igennem")
    hidden = decided(scene.network, scene.creator, voters + more, for_=6, title="Skjult forslag")
    hidden.hidden_at = datetime.now(UTC)
    done()
    forwarded = decided(scene.network, scene.creator, voters + more, for_=6, title="Allerede sendt")
    forward(scene, forwarded)
    page = sign_in(app, scene.moderator).page(scene.dashboard_url)
    ready = page.split("Klar til at blive sendt")[1].split("Sendt til udvalget")[0]
    # 5 for; then 3 for with turnout 5 before 3 for with turnout 3.
    assert rows_in_order(ready, ["Fem for", "Tre for mange", "Samtale i telefonen"]) == [
        "Fem for", "Tre for mange", "Samtale i telefonen"]
    assert "Faldt igennem" not in page
    assert "Skjult forslag" not in page
    assert "Allerede sendt" not in ready
    assert "Allerede sendt" in page.split("Sendt til udvalget")[-1]


def test_a_moderator_forwards_with_a_cover_note_and_chosen_comments(app, scene):
    browser = sign_in(app, scene.moderator)
    form = browser.page(scene.forward_url)
    assert "Følgebrev til udvalget" in form
    for c in scene.comments:
        assert f'name="comments" value="{c.id}"' in form
    chosen = [scene.comments[4].id, scene.comments[2].id]
    page = browser.post_then_page(scene.forward_url, {"cover_note": COVER_NOTE, "comments": chosen})
    assert "Forslaget er sendt til udvalget i Forslagsby." in page
    assert "Sendt til udvalget" in page
    forwarding = forwarding_of(scene.passed)
    assert forwarding.cover_note == COVER_NOTE
    assert db.session.scalars(select(ForwardedComment.comment_id).where(
        ForwardedComment.forwarding_id == forwarding.id).order_by(ForwardedComment.position)
    ).all() == chosen  # in the order they were sent
    assert fresh(scene.passed).state is ProposalState.FORWARDED


@pytest.mark.parametrize(("data", "message"), [
    ({"cover_note": ""}, "Skriv et følgebrev til udvalget."),
    ({"cover_note": COVER_NOTE, "comments": "six"}, "Du kan højst vælge 5 kommentarer."),
    ({"cover_note": COVER_NOTE, "comments": "stranger"},
     "Du kan kun vælge kommentarer til dette forslag."),
    ({"cover_note": COVER_NOTE, "comments": "not-a-number"}, "Vælg kommentarerne på listen."),
])
def test_a_bad_forward_is_shown_on_the_form_and_changes_nothing(app, scene, data, message):
    if data.get("comments") == "six":
        data = {**data, "comments": [c.id for c in scene.comments[:6]]}
    elif data.get("comments") == "stranger":
        other = make_proposal(scene.network, scene.creator, title="Andet forslag")
        data = {**data, "comments": [comment(other, scene.member, "Fremmed kommentar.").id]}
    browser = sign_in(app, scene.moderator)
    response = browser.post(scene.forward_url, data)
    assert response.status_code == 422, body(response)[:500]
    assert message in body(response)
    if data.get("cover_note"):
        assert COVER_NOTE in body(response)  # nothing typed is lost
    assert forwarding_of(scene.passed) is None
    assert fresh(scene.passed).state is ProposalState.PASSED


def test_the_forward_page_of_a_forwarded_proposal_says_why_there_is_no_form(app, scene):
    forward(scene)
    browser = sign_in(app, scene.moderator)
    page = browser.page(scene.forward_url)
    assert "Forslaget kan ikke sendes." in page
    assert 'name="cover_note"' not in page
    response = browser.post(scene.forward_url, {"cover_note": "Igen"})
    assert response.status_code == 422
    assert "allerede sendt" in body(response)
    assert len(audit_entries(scene.passed.id)) == 1


def test_the_proposal_page_links_moderators_to_the_forward_form(app, scene):
    link = f'href="{scene.forward_url}"'
    assert link in sign_in(app, scene.moderator).page(scene.proposal_url)
    assert link not in sign_in(app, scene.member).page(scene.proposal_url)


# --- the committee's list and dossier -------------------------------------------------------------

def test_committee_home_goes_to_the_members_municipality(app, scene):
    response = sign_in(app, scene.committee).client.get("/udvalg")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(scene.committee_url)
    admin_page = sign_in(app, scene.admin).page("/udvalg")
    assert "Forslagsby" in admin_page and "Andenby" in admin_page


def _four_states(scene):
    """Four forwarded proposals, one in each of the committee's states."""
    made = {}
    for name in ("Ny sag", "Modtaget sag", "Mødesag", "Besvaret sag"):
        proposal = decided(scene.network, scene.creator, scene.voters, for_=3, title=name)
        made[name] = forward(scene, proposal)
    receive(scene, made["Modtaget sag"])
    schedule(scene, receive(scene, made["Mødesag"]))
    answer(scene, made["Besvaret sag"])
    return made


@pytest.mark.parametrize(("status", "shown"), [
    (None, {"Ny sag", "Modtaget sag", "Mødesag", "Besvaret sag"}),
    ("ny", {"Ny sag"}), ("modtaget", {"Modtaget sag"}), ("dagsorden", {"Mødesag"}),
    ("besvaret", {"Besvaret sag"})])
def test_the_committee_list_filters_by_status(app, scene, status, shown):
    _four_states(scene)
    url = scene.committee_url + (f"?status={status}" if status else "")
    page = sign_in(app, scene.committee).page(url)
    table = page.split("<table")[1]
    assert {name for name in ("Ny sag", "Modtaget sag", "Mødesag", "Besvaret sag")
            if name in table} == shown
    assert "Nye (1)" in page and "Besvaret (1)" in page and "Alle (4)" in page


def test_the_committee_list_shows_only_its_own_municipality(app, scene):
    forward(scene)
    assert "Samtale i telefonen" in sign_in(app, scene.committee).page(scene.committee_url)
    other = sign_in(app, scene.other_committee).page(f"/udvalg/{scene.other_municipality.slug}")
    assert "Samtale i telefonen" not in other


def test_the_dossier_holds_what_the_committee_needs(app, scene):
    """A proposal with a co-author, three versions, four votes and three comments (two chosen)."""
    proposal = make_proposal(scene.network, scene.creator, title="Forslag med historie")
    add_coauthor(proposal, scene.creator, scene.coauthor)
    revise(proposal, scene.coauthor, problem="Et skarpere problem.")
    revise(proposal, scene.creator, action="En klarere handling.")
    talk = [comment(proposal, scene.member, f"Debatindlæg nummer {i}.") for i in range(3)]
    open_vote(proposal, scene.creator)
    for voter, value in zip(scene.voters + [scene.member], ["for", "for", "against", "abstain"],
                            strict=True):
        cast(proposal, voter, value)
    proposal = close_vote(proposal)
    forward(scene, proposal, comment_ids=[talk[2].id, talk[0].id])
    page = sign_in(app, scene.committee).page(f"{scene.committee_url}/forslag/{proposal.id}")
    facts = re.sub(r"\s+", " ", page)
    assert "Forslag med historie" in page
    assert "Et skarpere problem." in page and "En klarere handling." in page
    assert "Stemmer for</th><td>2</td>" in facts
    assert "Stemmer imod</th><td>1</td>" in facts
    assert "Hverken for eller imod</th><td>1</td>" in facts
    assert "Stemte i alt</th><td>4 (mindst 3 skulle stemme)</td>" in facts
    assert "Forfattere</th><td>2</td>" in facts
    assert "Versioner af teksten</th><td>3</td>" in facts
    assert COVER_NOTE in page
    assert page.index("Debatindlæg nummer 2.") < page.index("Debatindlæg nummer 0.")
    assert "Debatindlæg nummer 1." not in page
    assert "Moderator Mona" in page  # pseudonyms only: no e-mail addresses
    assert "@example.org" not in page


def test_the_dossier_prints_on_a4(app, scene):
    forward(scene)
    page = sign_in(app, scene.committee).page(scene.dossier_url)
    assert "css/borgernet.css" in page
    assert 'class="bn-no-print bn-committee-actions"' in page
    css = CSS.read_text()
    print_blocks = re.findall(r"@media print\s*{(.*?)\n}", css, re.S)
    dossier_print = next(block for block in print_blocks if "@page" in block)
    assert re.search(r"@page\s*{[^}]*size:\s*A4", dossier_print)
    assert re.search(r"@page\s*{[^}]*margin:", dossier_print)
    for hidden in (".bn-header", ".bn-footer", ".bn-no-print", "form", "button", ".button"):
        assert hidden in dossier_print.split("display: none")[0]
    assert "#000" in dossier_print and "#fff" in dossier_print
    assert "break-after: avoid" in dossier_print and "break-inside: avoid" in dossier_print


# --- the three steps through the dossier ------------------------------------------------------------

def test_the_committee_records_receipt_meeting_and_answer(app, scene):
    forward(scene)
    browser = sign_in(app, scene.committee)
    page = browser.page(scene.dossier_url)
    assert "Registrér modtagelse" in page and "Offentliggør svaret" in page
    assert "Gem mødedato" not in page  # first the receipt
    page = browser.post_then_page(scene.dossier_url + "/modtaget")
    assert "Det er registreret, at udvalget har modtaget forslaget." in page
    assert "Registrér modtagelse" not in page and "Gem mødedato" in page
    day = local_today() + timedelta(days=9)
    page = browser.post_then_page(scene.dossier_url + "/moededato",
                                  {"meeting_date": day.isoformat()})
    assert "Forslaget står nu på dagsordenen til mødet" in page
    page = browser.post_then_page(scene.dossier_url + "/svar", {
        "answer_status": "partly_adopted", "answer_text": ANSWER_TEXT})
    assert "Udvalgets svar er offentliggjort på forslaget." in page
    assert "Udvalget siger delvist ja" in page and ANSWER_TEXT in page
    assert "Offentliggør svaret" not in page
    assert [e.action for e in audit_entries(scene.passed.id)] == [
        "committee.forwarded", "committee.received", "committee.meeting_set",
        "committee.answered"]
    assert fresh(scene.passed).state is ProposalState.ANSWERED


@pytest.mark.parametrize(("url", "data", "message"), [
    ("/moededato", {"meeting_date": "i morgen"}, "Skriv en dato, der findes, som dag, måned og år"),
    ("/moededato", {"meeting_date": "2000-01-01"}, "Mødet kan ikke ligge før"),
    ("/svar", {"answer_text": ANSWER_TEXT}, "Vælg udvalgets beslutning."),
    ("/svar", {"answer_status": "adopted", "answer_text": " "}, "Skriv udvalgets svar."),
    ("/svar", {"answer_status": "maybe", "answer_text": ANSWER_TEXT}, "Vælg udvalgets beslutning."),
])
def test_bad_input_is_shown_on_the_dossier(app, scene, url, data, message):
    receive(scene, forward(scene))
    response = sign_in(app, scene.committee).post(scene.dossier_url + url, data)
    assert response.status_code == 422
    assert message in body(response)
    assert len(audit_entries(scene.passed.id)) == 2


def test_a_step_in_the_wrong_state_is_a_message_not_an_error(app, scene):
    forward(scene)
    browser = sign_in(app, scene.committee)
    response = browser.post(scene.dossier_url + "/moededato",
                            {"meeting_date": local_today().isoformat()})
    assert response.status_code == 422
    assert "Registrér først, at udvalget har modtaget forslaget." in body(response)
    answer(scene, forwarding_of(scene.passed))
    page = browser.post_then_page(scene.dossier_url + "/modtaget")
    assert "Det kan ikke lade sig gøre" in page
    assert len(audit_entries(scene.passed.id)) == 2


# --- the public timeline and clock --------------------------------------------------------------------

def test_a_visitor_sees_the_whole_timeline_on_a_public_proposal(app, scene):
    forwarding = forward(scene)
    visitor = sign_in(app, None)
    page = visitor.page(scene.proposal_url)
    assert "Sendt til beskæftigelsesudvalget" in page
    assert COVER_NOTE in page
    assert "Udvalget skal svare senest" in page
    assert "Der er gået 0 dage, siden forslaget blev sendt." in page
    receive(scene, forwarding)
    schedule(scene, forwarding)
    answer(scene, forwarding, text="Vi gør det fra august.")
    page = visitor.page(scene.proposal_url)
    timeline = page.split("Tidslinje")[1].split('id="forfattere"')[0]
    assert "Udvalget modtog forslaget" in timeline
    assert "Forslaget er på dagsordenen til udvalgets møde" in timeline
    assert "Udvalgets svar" in timeline and "Udvalget siger ja" in timeline
    assert "Vi gør det fra august." in timeline
    assert "Udvalget svarede efter 0 dage." in timeline
    assert "dossier" not in timeline  # the link to the dossier is for the committee only


def test_an_overdue_proposal_is_marked_in_public_and_on_the_committee_list(app, scene):
    # Noon, Danish time, 65 calendar days ago: a plain "now minus 65 x 24 hours" is 64
    # calendar days when it crosses the switch from summer time late in the evening.
    sent = datetime.combine(local_today() - timedelta(days=65), time(12), LOCAL_TIMEZONE)
    forwarding = forward(scene, now=sent.astimezone(UTC))
    assert forwarding.due_on < local_today()
    page = sign_in(app, None).page(scene.proposal_url)
    assert "Svarfristen er overskredet" in page
    assert "Der er gået 65 dage, siden forslaget blev sendt." in page
    listing = sign_in(app, scene.committee).page(scene.committee_url)
    assert "Svarfristen er overskredet" in listing
    assert 'class="bn-overdue"' in listing


def test_the_committee_list_warns_of_answers_due_within_a_week(app, scene):
    soon = forward(scene)
    soon.due_on = local_today() + timedelta(days=6)
    later = forward(scene, decided(scene.network, scene.creator, scene.voters, for_=3,
                                   title="Har god tid"))
    later.due_on = local_today() + timedelta(days=30)
    done()
    page = sign_in(app, scene.committee).page(scene.committee_url)
    notice = page.split("Svarfristen er tæt på")[1].split("</div>")[0]
    assert "Samtale i telefonen" in notice and "om 6 dage" in notice
    assert "Har god tid" not in notice


def test_members_only_proposals_keep_their_timeline_inside_the_network(app, scene):
    scene.network.visibility = Visibility.MEMBERS
    done()
    forward(scene)
    assert sign_in(app, None).raw(scene.proposal_url, status=404)
    assert "Sendt til beskæftigelsesudvalget" in sign_in(app, scene.member).page(scene.proposal_url)
    # The committee reads the dossier even so.
    assert COVER_NOTE in sign_in(app, scene.committee).page(scene.dossier_url)


# --- the audit log cannot be changed through the app ---------------------------------------------------

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def test_no_route_changes_or_deletes_an_audit_entry(app):
    for rule in app.url_map.iter_rules():
        methods = (rule.methods or set()) & WRITE_METHODS
        text = f"{rule.rule} {rule.endpoint}".lower()
        if methods:
            assert not any(word in text for word in ("audit", "revisionsspor", "/log/")), rule
        assert "DELETE" not in (rule.methods or set()) and "PUT" not in (rule.methods or set()) \
            and "PATCH" not in (rule.methods or set()), rule


def test_no_code_updates_or_deletes_audit_entries():
    app_dir = Path(__file__).resolve().parents[2] / "app"
    pattern = re.compile(r"(update|delete)\(\s*AuditEntry|AuditEntry\.__table__\.(update|delete)"
                         r"|session\.delete\(\s*(entry|audit)")
    offenders = [str(path) for path in app_dir.rglob("*.py") if pattern.search(path.read_text())]
    assert offenders == []


def test_committee_steps_only_add_audit_entries(app, scene):
    forwarding = forward(scene)
    first = [(e.id, e.action, e.reason, e.created_at) for e in audit_entries()]
    browser = sign_in(app, scene.committee)
    browser.post(scene.dossier_url + "/modtaget")
    browser.post(scene.dossier_url + "/svar", {"answer_status": "rejected", "answer_text": "Nej."})
    after = [(e.id, e.action, e.reason, e.created_at) for e in audit_entries()]
    assert after[:len(first)] == first
    assert len(after) == len(first) + 2
    assert forwarding_of(forwarding.proposal).is_answered


def test_an_answered_proposal_shows_the_answer_first_and_its_steps(app, scene):
    visitor = sign_in(app, None)
    page = visitor.page(scene.proposal_url)
    assert 'id="svaret"' not in page and "Forslagets forløb" in page
    assert re.search(r'aria-current="step">\s*<span class="sr-only">Nu: </span>Vedtaget', page)
    answer(scene, receive(scene, forward(scene)))
    page = visitor.page(scene.proposal_url)
    box = page.index('id="svaret"')
    assert box < page.index("Kort fortalt") and ANSWER_TEXT in page[box:page.index("Kort fortalt")]
    assert re.search(r'aria-current="step">\s*<span class="sr-only">Nu: </span>Besvaret', page)
