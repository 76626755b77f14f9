"""Issue 5's committee journey in a real browser: the network's moderator (two-factor log-in)
forwards a passed proposal with a cover note and one chosen comment; a committee member of the
municipality (two-factor log-in) finds it as new, reads the dossier, records receipt, a meeting
date and a partly-adopting answer; the proposal's author and a visitor see the whole timeline
on the proposal page — with zero axe-core violations on every page. A committee member of
another municipality cannot open the dossier."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from babel.dates import format_date
from sqlalchemy import select

from app.committee.models import local_today
from app.core.audit import AuditEntry
from app.extensions import db
from app.proposals.models import ProposalState
from tests.browser.conftest import _new_page, html
from tests.committee.builders import sign_in
from tests.factories import (
    PASSWORD,
    make_committee_member,
    make_moderator,
    make_municipality,
    network_by_slug,
)
from tests.proposals.builders import (
    add_coauthor,
    cast,
    close_vote,
    comment,
    done,
    make_proposal,
    members,
    open_vote,
    revise,
)

TITLE = "Samtale i telefonen, når man er syg"
FINAL_ACTION = "Jobcentret tilbyder altid samtale i telefonen eller på video."
CHOSEN = "Jeg sparer en hel dags kræfter, når samtalen er i telefonen."
NOT_CHOSEN = "Jeg er enig, men det må ikke blive et krav."
COVER_NOTE = "Netværket står samlet bag forslaget. Vi håber, udvalget tager det op i år."
ANSWER = "Udvalget indfører samtaler i telefonen fra august. Video kommer senere."


def _log_in(browser, live_server, check, pseudonym: str, secret: str | None = None):
    context, page = _new_page(browser, live_server)
    page.goto("/konto/log-ind")
    check(page)
    page.fill("#login", pseudonym)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log ind')")
    if secret:
        check(page)
        page.fill("#code", pyotp.TOTP(secret).now())  # read now: a code lasts 30 seconds
        page.click("button:has-text('Log ind')")
    assert "Du er logget ind" in html(page), pseudonym
    check(page)
    return context, page


def _cell(page, heading: str) -> str:
    """The dossier's figure in the table row headed `heading`."""
    return page.locator("tr", has=page.locator("th", has_text=heading)).locator("td").inner_text()


def test_forward_receive_answer_with_axe(app, browser, live_server, assert_accessible, app_ctx):
    municipality = make_municipality("Udvalgsby")
    network = network_by_slug(municipality, "sygedagpenge")
    network.quorum = 3
    done()
    author = members(network, 1, prefix="Forfatter")[0]
    coauthor, *voters = members(network, 3)
    proposal = make_proposal(network, author, title=TITLE)
    add_coauthor(proposal, author, coauthor)
    revise(proposal, coauthor, "Tilføjede video", action=FINAL_ACTION)
    chosen = comment(proposal, voters[0], CHOSEN)
    comment(proposal, voters[1], NOT_CHOSEN)
    open_vote(proposal, author)
    for voter, value in zip((author, coauthor, voters[0], voters[1]),
                            ("for", "for", "for", "against"), strict=True):
        cast(proposal, voter, value)
    proposal = close_vote(proposal)
    assert proposal.state is ProposalState.PASSED
    moderator = make_moderator(network, pseudonym="Moderator Mona", totp=True)
    committee = make_committee_member(municipality, pseudonym="Udvalg Ulla", totp=True)
    outsider = make_committee_member(make_municipality("Andenby"), pseudonym="Andenby Anders",
                                     totp=True)
    m, n, proposal_id, chosen_id = municipality.slug, network.slug, proposal.id, chosen.id
    author_name = author.pseudonym
    secrets = {"mona": moderator.totp_secret, "ulla": committee.totp_secret}
    proposal_url = f"/forslag/{proposal_id}"
    meeting = local_today() + timedelta(days=14)
    meeting_long = format_date(meeting, "long", locale="da")  # as the pages show it
    db.session.rollback()  # the server writes from here on
    contexts = []

    # Mona, the network's moderator, forwards the passed proposal with one chosen comment.
    mona_context, mona = _log_in(browser, live_server, assert_accessible, "Moderator Mona",
                                 secrets["mona"])
    contexts.append(mona_context)
    mona.goto(f"/kommuner/{m}/{n}/videresend")
    assert_accessible(mona)
    ready = mona.locator("tbody tr", has_text=TITLE)
    assert ready.locator("td").all_inner_texts()[2:5] == ["3", "1", "4"]  # for, against, turnout
    ready.get_by_role("link", name="Send til udvalget").click()
    assert "Send forslaget til udvalget" in html(mona)
    assert "Resultat: 3 for, 1 imod, 0 hverken for eller imod. 4 stemte." in html(mona)
    assert_accessible(mona)
    mona.fill("#cover_note", COVER_NOTE)
    mona.check(f"#comment-{chosen_id}")
    mona.get_by_role("button", name="Send til udvalget").click()
    assert "Forslaget er sendt til udvalget i Udvalgsby." in html(mona)
    assert "Der er ingen vedtagne forslag, som venter på at blive sendt." in html(mona)
    assert TITLE in mona.locator("table").inner_text()  # now under "Sendt til udvalget"
    assert_accessible(mona)

    # Ulla, on Udvalgsby's committee, finds it as new and reads the dossier.
    ulla_context, ulla = _log_in(browser, live_server, assert_accessible, "Udvalg Ulla",
                                 secrets["ulla"])
    contexts.append(ulla_context)
    ulla.goto(f"/udvalg/{m}")
    assert ulla.get_by_role("link", name="Nye (1)").count() == 1
    row = ulla.locator("tbody tr", has_text=TITLE)
    assert "Nye" in row.inner_text()
    assert_accessible(ulla)
    row.get_by_role("link", name=TITLE).click()
    assert ulla.url.endswith(f"/udvalg/{m}/forslag/{proposal_id}")
    dossier = ulla.locator("article.bn-dossier").inner_text()
    assert FINAL_ACTION in dossier, "the dossier shows the final text"
    assert _cell(ulla, "Forfattere") == "2"
    assert _cell(ulla, "Stemmer for") == "3" and _cell(ulla, "Stemmer imod") == "1"
    assert _cell(ulla, "Stemte i alt").startswith("4")
    assert _cell(ulla, "Versioner af teksten") == "2"
    assert COVER_NOTE in dossier and CHOSEN in dossier and NOT_CHOSEN not in dossier
    assert_accessible(ulla)
    # The print stylesheet (A4) is loaded, and on paper the committee's buttons are left out.
    assert ulla.evaluate("""() => [...document.styleSheets].some(sheet => [...sheet.cssRules]
        .some(rule => rule.media && rule.media.mediaText === 'print'
                      && /@page\\s*{[^}]*size:\\s*a4/i.test(rule.cssText)))""")
    ulla.emulate_media(media="print")
    assert ulla.locator(".bn-committee-actions").is_hidden()
    assert ulla.locator("#dossier-title").is_visible()
    ulla.emulate_media(media="screen")

    # Receipt, a meeting date, the official answer.
    ulla.get_by_role("button", name="Registrér modtagelse").click()
    assert "Det er registreret, at udvalget har modtaget forslaget." in html(ulla)
    assert_accessible(ulla)
    ulla.fill("#meeting_date", meeting.isoformat())
    ulla.get_by_role("button", name="Gem mødedato").click()
    assert f"Forslaget står nu på dagsordenen til mødet {meeting_long}." in html(ulla)
    assert_accessible(ulla)
    ulla.get_by_label("Udvalget siger delvist ja").check()
    ulla.fill("#answer_text", ANSWER)
    ulla.get_by_role("button", name="Offentliggør svaret").click()
    assert "Udvalgets svar er offentliggjort på forslaget." in html(ulla)
    assert "Udvalget har svaret. Svaret kan ikke ændres." in html(ulla)
    assert_accessible(ulla)
    ulla.goto(f"/udvalg/{m}")
    assert "Besvaret" in ulla.locator("tbody tr", has_text=TITLE).inner_text()
    assert_accessible(ulla)

    # The author sees the whole timeline on the proposal page; so does a visitor.
    frida_context, frida = _log_in(browser, live_server, assert_accessible, author_name)
    visitor_context, visitor = _new_page(browser, live_server)
    contexts += [frida_context, visitor_context]
    for page in (frida, visitor):
        page.goto(proposal_url)
        timeline = page.locator("ol.bn-timeline").inner_text()
        assert "Sendt til beskæftigelsesudvalget" in timeline and COVER_NOTE in timeline
        assert "Udvalget modtog forslaget" in timeline
        assert f"dagsordenen til udvalgets møde {meeting_long}" in timeline
        assert "Udvalget siger delvist ja" in timeline and ANSWER in timeline, (
            f"the answer is not on the proposal page for {page is frida and 'the author' or 'a visitor'}")
        assert "dossier" not in timeline  # the link to the dossier is for the committee only
        assert_accessible(page)

    # A committee member of another municipality cannot open the dossier.
    db.session.rollback()
    andenby = sign_in(app, outsider)
    response = andenby.client.get(f"/udvalg/{m}/forslag/{proposal_id}")
    assert response.status_code in (403, 404), response.status_code
    db.session.rollback()

    # Each committee step left one audit entry.
    actions = list(db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.proposal_id == proposal_id).order_by(AuditEntry.id)))
    assert actions == ["committee.forwarded", "committee.received", "committee.meeting_set",
                       "committee.answered"]
    for context, page in ((c, c.pages[0]) for c in contexts):
        assert page.external_requests == [], "the page asked another site for something"
        context.close()


def test_du_sagde_vi_gjorde_on_a_phone_with_axe(browser, live_server, assert_accessible, app_ctx):
    """A committee member (two-factor log-in) goes from the committee's list to the closed
    month, reads the findings, sends an empty answer (a clear message), then publishes; a
    visitor reads it first on the month's results — at 360 px, no axe violation, no sideways
    scrolling."""
    from tests.browser.conftest import assert_no_horizontal_scroll
    from tests.surveys.builders import give_answers, make_survey, months_ago

    survey = make_survey("Svarby")
    for n in (2, 1):
        give_answers(survey, months_ago(n), verified=12, assisted=7, small=2)
    survey.created_at = survey.created_at - timedelta(days=90)
    member = make_committee_member(survey.municipality, pseudonym="Udvalg Ursula", totp=True)
    done()
    context, page = _log_in(browser, live_server, assert_accessible, member.pseudonym,
                            member.totp_secret)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/udvalg/svarby")
    page.click("a:has-text('Svar borgerne')")
    assert "Ikke besvaret" in html(page)
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.click("tbody a >> nth=0")  # the latest closed month
    assert "Offentliggør svaret" in html(page) and "Resultater for" in html(page)
    assert_accessible(page)
    page.click("button:has-text('Offentliggør svaret')")
    assert "Skriv, hvad udvalget vil gøre" in html(page)
    assert_accessible(page)
    page.fill("#text", "Tak for jeres svar. Vi ringer nu før hvert møde.")
    page.click("button:has-text('Offentliggør svaret')")
    assert "Svaret er offentliggjort" in html(page)
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    context.close()

    context, page = _new_page(browser, live_server, viewport={"width": 360, "height": 740})
    page.goto("/kommuner/svarby/tilfredshed")
    body = html(page)
    assert "Du sagde — vi gjorde" in body and "Vi ringer nu før hvert møde." in body
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    context.close()
