"""Issue 4's journey in a real browser: draft, invite a co-author who accepts and edits,
compare revisions, open the vote, several members vote, the vote closes and the proposal
passes — with zero axe-core violations on every page."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.networks.models import Network
from app.networks.services import appoint_moderator, join_network
from tests.browser.conftest import html, log_in
from tests.factories import make_municipality, make_user, totp_now


def test_proposal_journey_with_axe(browser, live_server, assert_accessible, app_ctx):
    municipality = make_municipality("Forslagskommune")
    network = db.session.scalar(select(Network).where(
        Network.municipality_id == municipality.id, Network.slug == "sygedagpenge"))
    network.quorum = 3
    people = {name: make_user(pseudonym=name) for name in ("Anna", "Birk", "Cem", "Dorte")}
    for user in people.values():
        join_network(user, network)
    db.session.commit()
    network_path = f"/kommuner/{municipality.slug}/sygedagpenge/"

    anna_context, anna = log_in(browser, live_server, "Anna")
    anna.goto(network_path)
    anna.click("a:has-text('Forslag til jobcentret')")
    assert_accessible(anna)
    anna.click("a:has-text('Skriv et nyt forslag')")
    assert_accessible(anna)
    anna.fill("#title", "Samtaler over telefonen, når man er syg")
    anna.fill("#summary", "Sygemeldte skal kunne tage samtalen i telefonen.")
    anna.fill("#problem", "Det er hårdt at møde op, når man er syg.")
    anna.fill("#action", "Tilbyd altid samtale i telefonen.")
    anna.fill("#impact", "Vi kan bruge kræfterne på at blive raske.")
    # With JavaScript the LIX score follows the writing; without it the button asks the server.
    anna.wait_for_selector("#lix-live:has-text('Læsbarhed (LIX) lige nu')")
    anna.get_by_role("button", name="Tjek hvor let teksten er at læse").click()
    assert "Læsbarhed (LIX)" in html(anna)
    assert_accessible(anna)
    anna.get_by_role("button", name="Gem").click()
    assert "Dit forslag er gemt som udkast" in html(anna)
    assert_accessible(anna)
    proposal_url = anna.url.split("#")[0]

    anna.fill("#pseudonym", "Birk")
    anna.click("button:has-text('Inviter som medforfatter')")
    assert "Birk er inviteret som medforfatter" in html(anna)

    birk_context, birk = log_in(browser, live_server, "Birk")
    birk.goto(proposal_url)
    assert_accessible(birk)
    birk.click("button:has-text('Ja tak, jeg vil skrive med')")
    assert "Du er nu medforfatter" in html(birk)
    birk.click("a:has-text('Ret forslaget')")
    assert_accessible(birk)
    birk.fill("#action", "Tilbyd altid samtale i telefonen eller på video.")
    birk.fill("#message", "Tilføjede video")
    birk.get_by_role("button", name="Gem").click()
    assert "Dine ændringer er gemt som en ny version" in html(birk)

    birk.click("a:has-text('2 versioner')")
    birk.click("button:has-text('Sammenlign')")
    assert birk.locator(".bn-diff ins").first.inner_text().strip() == "eller på video"
    assert_accessible(birk)

    anna.goto(proposal_url)
    anna.fill("#days", "7")
    anna.click("button:has-text('Åbn afstemningen')")
    assert "Afstemningen er åbnet" in html(anna)
    assert_accessible(anna)

    for name, choice in (("Anna", "For"), ("Birk", "For"), ("Cem", "For"), ("Dorte", "Imod")):
        context, page = (anna_context, anna) if name == "Anna" else (
            (birk_context, birk) if name == "Birk" else log_in(browser, live_server, name))
        page.goto(proposal_url)
        page.get_by_label(choice, exact=True).check()
        page.click("button:has-text('Stem')")
        assert "Din stemme er registreret" in html(page)
        assert f"Du har stemt: {choice}" in html(page)
        assert_accessible(page)
        if name in ("Cem", "Dorte"):
            context.close()

    # End this test's read transaction first: on SQLite its snapshot is older than the
    # server's writes, and a stale snapshot cannot be turned into a write.
    db.session.rollback()
    moderator = make_user(pseudonym="Mona", totp=True)
    appoint_moderator(moderator, network)
    db.session.commit()
    mona_context, mona = log_in(browser, live_server, "Mona", totp_now(moderator))
    mona.goto(proposal_url)
    assert "Du har stemt" not in html(mona)  # a moderator never sees how anyone voted
    mona.click("button:has-text('Luk afstemningen nu')")
    assert "Afstemningen er lukket" in html(mona)
    assert "Vedtaget af netværket" in html(mona)
    assert "Resultat: 3 for, 1 imod, 0 hverken for eller imod" in html(mona)
    assert_accessible(mona)
    for context in (anna_context, birk_context, mona_context):
        context.close()
