"""The admin's account page in a real browser: find a person by pseudonym from the admin
page, see the account without the e-mail address, ask for it with a reason (a missing reason
is refused plainly), see it once, and find the opening listed. On a 360 px phone without
JavaScript, and again at 360 px with axe-core on every page."""

from __future__ import annotations

import pyotp
from sqlalchemy import func, select

from app.admin.events import EMAIL_SHOWN
from app.core.audit import AuditEntry
from app.extensions import db
from tests.browser.conftest import assert_no_horizontal_scroll, html
from tests.browser.test_privacy_journey import axe_on_a_phone
from tests.factories import PASSWORD, make_user

ADDRESS = "sanne.konto@example.org"


def _journey(page, check) -> None:
    make_user("Sanne Konto", ADDRESS)
    admin = make_user("Admin Browser", "admin.browser@example.org", admin=True, totp=True)
    page.goto("/konto/log-ind")
    page.fill("#login", "Admin Browser")
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log ind')")
    page.fill("#code", pyotp.TOTP(admin.totp_secret).now())
    page.click("button:has-text('Log ind')")
    assert "Du er logget ind" in html(page)

    page.goto("/admin/")
    page.click("a:has-text('Find en konto')")
    check(page)
    page.fill("#pseudonym", "Ingen Her")
    page.click("button:has-text('Find kontoen')")
    assert "Der findes ingen med det pseudonym." in html(page)
    check(page)
    page.fill("#pseudonym", "sanne konto")
    page.click("button:has-text('Find kontoen')")
    assert "Konto: Sanne Konto" in html(page) and ADDRESS not in html(page)
    check(page)

    page.click("button:has-text('Vis e-mailadresse')")
    assert "Skriv, hvorfor du skal se e-mailadressen." in html(page)
    assert ADDRESS not in html(page)
    check(page)
    page.fill("#reason", "Hun kan ikke logge ind")
    page.click("button:has-text('Vis e-mailadresse')")
    assert page.inner_text("#shown-email") == ADDRESS
    check(page)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == EMAIL_SHOWN.name)) == 1

    page.click("a:has-text('Find en anden konto')")
    page.fill("#pseudonym", "Sanne Konto")
    page.click("button:has-text('Find kontoen')")
    assert ADDRESS not in html(page) and "Hun kan ikke logge ind" in html(page)
    check(page)


def test_account_page_on_a_phone_without_javascript(phone_page, app_ctx):
    _journey(phone_page, assert_no_horizontal_scroll)


def test_account_pages_pass_axe_at_360px(page, assert_accessible, app_ctx):
    _journey(page, axe_on_a_phone(page, assert_accessible))
