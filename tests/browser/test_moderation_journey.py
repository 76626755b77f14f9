"""Issue 5's moderation journey in a real browser: a member reports a post, the network's
moderator (two-factor log-in) hides it from the queue with a reason, the author sees the
placeholder and appeals, an admin (two-factor log-in) restores it from the admin overview,
and the post is visible again; and a comment on a proposal is reported, hidden in its place
by the moderator and shown to its author as a placeholder with the way to appeal — with zero
axe-core violations on every page."""

from __future__ import annotations

import pyotp
from sqlalchemy import func, select

from app.core.audit import AuditEntry
from app.extensions import db
from app.networks.models import Network
from app.networks.services import appoint_moderator, join_network
from tests.browser.conftest import html, log_in
from tests.factories import make_municipality, make_post, make_thread, make_user

POST_TEXT = "Min sagsbehandler Jens Jensen råber altid ad mig i telefonen."
REASON = "Vi nævner ikke medarbejdere ved navn. Se retningslinjerne."


def code(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def _dagpenge_with_members(municipality):
    """The municipality's Dagpenge network with members Anna and Birk and moderator Mona."""
    network = db.session.scalar(select(Network).where(
        Network.municipality_id == municipality.id, Network.slug == "dagpenge"))
    people = {name: make_user(pseudonym=name) for name in ("Anna", "Birk")}
    for user in people.values():
        join_network(user, network)
    moderator = make_user(pseudonym="Mona", totp=True)
    appoint_moderator(moderator, network)
    return network, people, moderator


def test_report_hide_appeal_restore_with_axe(browser, live_server, assert_accessible, app_ctx):
    municipality = make_municipality("Modereringsby")
    network, people, moderator = _dagpenge_with_members(municipality)
    admin = make_user(pseudonym="Adam", admin=True, totp=True)
    db.session.commit()
    thread = make_thread(network, people["Birk"], title="Telefonsamtaler med jobcentret",
                         body="Hvordan går jeres samtaler i telefonen?")
    post = make_post(thread, people["Anna"], POST_TEXT)
    thread_path, post_id = f"/traade/{thread.id}", post.id
    # The codes are read when each person logs in (a code lasts 30 seconds).
    secrets = {"Mona": moderator.totp_secret, "Adam": admin.totp_secret}

    # Birk, a member, reports Anna's post.
    birk_context, birk = log_in(browser, live_server, "Birk")
    birk.goto(thread_path)
    assert POST_TEXT in html(birk)
    assert_accessible(birk)
    birk.locator(f"#post-{post_id}").get_by_role("link", name="Anmeld indlægget").click()
    assert "Anmeld indlægget fra" in html(birk)
    assert_accessible(birk)
    birk.get_by_label("Personlige oplysninger er delt").check()
    birk.fill("#text", "Der står fulde navn på en sagsbehandler.")
    birk.click("button:has-text('Send anmeldelse')")
    assert "Tak for din anmeldelse" in html(birk)
    assert_accessible(birk)

    # Mona, the network's moderator, is told at once and hides the post from the queue.
    mona_context, mona = log_in(browser, live_server, "Mona", code(secrets["Mona"]))
    assert "1 ny anmeldelse venter" in html(mona)
    assert_accessible(mona)
    mona.goto(f"/kommuner/{municipality.slug}/dagpenge/")
    mona.click("main >> a:has-text('Moderation')")  # the network's own queue, not the menu's
    assert "Moderation af Dagpenge" in html(mona)
    assert "Der står fulde navn på en sagsbehandler." in html(mona)
    assert_accessible(mona)
    mona.get_by_label("1 anmeldelse af: Telefonsamtaler med jobcentret").check()
    mona.get_by_label("Skjul indholdet").check()
    mona.fill("#bulk-reason", REASON)
    mona.click("button:has-text('Udfør')")
    assert "1 sag er behandlet." in html(mona)
    assert "Der er ingen åbne anmeldelser." in html(mona)
    assert_accessible(mona)
    mona.goto(thread_path)
    assert POST_TEXT in html(mona) and f"Skjult for medlemmerne. Begrundelse: {REASON}" in (
        html(mona))
    assert_accessible(mona)

    # Anna, the author, sees the placeholder and why, and appeals.
    anna_context, anna = log_in(browser, live_server, "Anna")
    anna.goto(thread_path)
    assert POST_TEXT not in html(anna)
    assert f"Indlægget er skjult af en moderator. Begrundelse: {REASON}" in html(anna)
    assert_accessible(anna)
    anna.goto("/konto/profil")
    assert f"Noget, du skrev, er skjult af en moderator. Begrundelse: {REASON}" in html(anna)
    assert_accessible(anna)
    anna.goto(thread_path)
    anna.click("a:has-text('Klag over, at dit indlæg er skjult')")
    assert "Klag over en afgørelse" in html(anna)
    assert_accessible(anna)
    anna.fill("#text", "Jens er ikke hans rigtige navn. Jeg fandt på det.")
    anna.click("button:has-text('Send klage')")
    assert "Din klage er sendt" in html(anna)
    assert_accessible(anna)

    # Mona hid it, so she cannot decide the appeal herself.
    mona.goto(f"/kommuner/{municipality.slug}/dagpenge/moderation")
    assert "Du skjulte det selv" in html(mona)
    assert mona.get_by_role("button", name="Vis det igen").count() == 0
    assert_accessible(mona)

    # Adam, an admin, restores it from the admin overview.
    adam_context, adam = log_in(browser, live_server, "Adam", code(secrets["Adam"]))
    adam.click("nav >> a:has-text('Moderation')")
    assert "Moderation i alle netværk" in html(adam)
    assert "Jens er ikke hans rigtige navn. Jeg fandt på det." in html(adam)
    assert_accessible(adam)
    adam.click("button:has-text('Vis det igen')")
    assert "Klagen er afgjort." in html(adam)
    assert_accessible(adam)
    adam.goto("/moderation/log")
    assert "appeal.restored" in html(adam) and "content.hidden" in html(adam)
    assert_accessible(adam)

    # The post is visible again, for Birk and for Anna, who is told.
    birk.goto(thread_path)
    assert POST_TEXT in html(birk) and "skjult af en moderator" not in html(birk)
    assert_accessible(birk)
    anna.goto("/konto/profil")
    assert "Din klage er afgjort: indholdet vises igen." in html(anna)
    assert_accessible(anna)

    # End this test's read transaction first: on SQLite its snapshot is older than the
    # server's writes.
    db.session.rollback()
    actions = list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["content.hidden", "appeal.restored"]
    assert db.session.scalar(select(func.count(AuditEntry.id))) == 2
    for context in (birk_context, mona_context, anna_context, adam_context):
        context.close()


COMMENT_TEXT = "Sagsbehandleren Lise Hansen glemte mit møde to gange."


def test_a_comment_on_a_proposal_is_reported_and_hidden_in_place_with_axe(
        browser, live_server, assert_accessible, app_ctx):
    from app.proposals import services as proposals
    from tests.proposals.builders import text

    municipality = make_municipality("Kommentarby")
    network, people, moderator = _dagpenge_with_members(municipality)
    proposal = proposals.create_proposal(people["Birk"], network, text())
    comment = proposals.add_comment(people["Anna"], proposal, COMMENT_TEXT, False)
    db.session.commit()
    proposal_path, comment_id, secret = f"/forslag/{proposal.id}", comment.id, moderator.totp_secret

    birk_context, birk = log_in(browser, live_server, "Birk")
    birk.goto(proposal_path)
    birk.locator(f"#kommentar-{comment_id}").get_by_role("link", name="Anmeld kommentaren").click()
    assert "Anmeld kommentaren fra" in html(birk)
    birk.get_by_label("Personlige oplysninger er delt").check()
    birk.click("button:has-text('Send anmeldelse')")
    assert "Tak for din anmeldelse" in html(birk)
    assert_accessible(birk)

    mona_context, mona = log_in(browser, live_server, "Mona", code(secret))
    mona.goto(proposal_path)
    assert COMMENT_TEXT in html(mona)
    assert_accessible(mona)
    card = mona.locator(f"#kommentar-{comment_id}")
    card.get_by_label("Begrundelse for at skjule").fill(REASON)
    card.get_by_role("button", name="Skjul kommentaren").click()
    assert "Handlingen er udført og skrevet i loggen." in html(mona)
    assert f"Skjult for medlemmerne. Begrundelse: {REASON}" in html(mona)
    assert_accessible(mona)
    mona.goto(f"/kommuner/{municipality.slug}/dagpenge/moderation")
    assert "Der er ingen åbne anmeldelser." in html(mona)

    anna_context, anna = log_in(browser, live_server, "Anna")
    anna.goto(proposal_path)
    assert COMMENT_TEXT not in html(anna)
    assert f"Kommentaren er skjult af en moderator. Begrundelse: {REASON}" in html(anna)
    assert anna.get_by_role("link", name="Klag over, at din kommentar er skjult").count() == 1
    assert_accessible(anna)
    for context in (birk_context, mona_context, anna_context):
        context.close()
