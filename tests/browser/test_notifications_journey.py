"""Issue 12 in a real browser: a citizen asks to join a members-only network; the moderator
approves; the citizen sees the bell's count on every page, opens the list, and follows the
notification to the network. On a small phone, zero axe-core violations, no sideways
scrolling; the settings page too."""

from __future__ import annotations

from sqlalchemy import select

from app.core.db import commit
from app.extensions import db
from app.networks.models import Membership
from app.networks.services import decide_pending, join_network
from tests.browser.conftest import _new_page, assert_no_horizontal_scroll, html
from tests.factories import PASSWORD, make_moderator, make_municipality, make_user, network_by_slug


def test_an_approved_member_sees_the_notification_with_axe(browser, live_server,
                                                           assert_accessible, app_ctx):
    municipality = make_municipality("Beskedby")
    network = network_by_slug(municipality, "ressourceforloeb")
    moderator = make_moderator(network, pseudonym="Moderator Milla")
    citizen = make_user(pseudonym="Borger Bent")
    join_network(citizen, network)
    commit()
    membership = db.session.scalar(select(Membership).where(Membership.user_id == citizen.id))
    decide_pending(membership, True, moderator)
    commit()

    context, page = _new_page(browser, live_server, viewport={"width": 360, "height": 740})
    page.goto("/konto/log-ind")
    page.fill("#login", citizen.pseudonym)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log ind')")
    assert "Beskeder 1 ulæst" in " ".join(page.inner_text("nav").split())  # "ulæst": sr-only
    assert_accessible(page)
    page.click("nav a:has-text('Beskeder')")
    body = html(page)
    assert "Du er godkendt som medlem" in body and "Dine beskeder" in body
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.click(".bn-notification a")
    assert page.url.endswith(f"/kommuner/beskedby/{network.slug}/")
    assert "ulæst" not in page.inner_text("nav")
    page.goto("/beskeder/indstillinger")
    assert "Beskeder og e-mail" in html(page)
    assert_accessible(page)
    assert_no_horizontal_scroll(page)
    page.check("input[name=replies][value=daily]")
    page.click("button:has-text('Gem dine valg')")
    assert "Dine valg er gemt" in html(page)
    assert page.is_checked("input[name=replies][value=daily]")
    context.close()
