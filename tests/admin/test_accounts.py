"""The admin's account page: everything about an account but the e-mail address, which is
shown only after the admin asks for it with a reason, and each opening is logged."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.admin.events import EMAIL_SHOWN
from app.core.audit import AuditEntry
from app.extensions import db
from tests.accounts.test_routes import Users, assert_login_redirect, text
from tests.admin.test_routes import add_with_role, sign_in_with_code
from tests.conftest import csrf_token, login
from tests.factories import PASSWORD, first_network, make_municipality, make_user

FORBIDDEN = "Du har ikke adgang til denne side eller handling."


@pytest.fixture
def users(app) -> Users:
    return Users(app)


@pytest.fixture
def admin(client, users):
    user = users.add(pseudonym="Admin", email="admin.person@example.org", admin=True, totp=True)
    sign_in_with_code(client, "Admin", user.totp_secret)
    return client


@pytest.fixture
def mette(app):
    """A moderator with a membership, so the page has roles to show."""
    with app.app_context():
        from app.networks.services import appoint_moderator
        from tests.factories import commit

        user = make_user("Mette Konto", "mette.konto@example.org")
        appoint_moderator(user, first_network(make_municipality("Aarhus")))
        commit()
        return user.id


def openings(app, user_id: int) -> list[AuditEntry]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEntry).where(
            AuditEntry.subject_user_id == user_id).order_by(AuditEntry.id)).all()
        return [(row.action, row.actor.pseudonym, row.reason) for row in rows]


def reveal(client, user_id: int, reason: str = "Hun kan ikke logge ind", token=None):
    token = token if token is not None else csrf_token(client, f"/admin/konti/{user_id}")
    return client.post(f"/admin/konti/{user_id}/e-mail",
                       data={"csrf_token": token, "reason": reason})


def test_find_by_pseudonym_leads_to_the_account_page(admin, mette):
    assert admin.get("/admin/konti").status_code == 200
    found = admin.get("/admin/konti?pseudonym=  mette   KONTO ")
    assert found.status_code == 302 and found.headers["Location"] == f"/admin/konti/{mette}"


@pytest.mark.parametrize(("typed", "message"), [
    ("Ingen Her", "Der findes ingen med det pseudonym."),
    ("", "Skriv pseudonymet."),
    # The search is by pseudonym only: an e-mail address finds no one.
    ("mette.konto@example.org", "Der findes ingen med det pseudonym."),
])
def test_find_says_clearly_when_nobody_is_found(admin, mette, typed, message):
    response = admin.get("/admin/konti", query_string={"pseudonym": typed})
    assert response.status_code == 422
    page = text(response)
    assert message in page and f'value="{typed}"' in page


def test_account_page_shows_the_account_but_not_the_address(app, admin, mette):
    response = admin.get(f"/admin/konti/{mette}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = text(response)
    assert "Konto: Mette Konto" in page and "Moderator i" in page and "Aarhus" in page
    assert "mette.konto@example.org" not in page
    assert "Vis e-mailadresse" in page and "Adressen er ikke vist endnu." in page
    assert openings(app, mette) == []  # looking is not opening


def test_reveal_logs_then_shows_the_address(app, admin, mette):
    response = reveal(admin, mette)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = text(response)
    assert '<strong id="shown-email">mette.konto@example.org</strong>' in page
    assert openings(app, mette) == [(EMAIL_SHOWN.name, "Admin", "Hun kan ikke logge ind")]
    # The page lists the opening, and shows the address no more after it.
    page = text(admin.get(f"/admin/konti/{mette}"))
    assert "mette.konto@example.org" not in page
    assert "Hun kan ikke logge ind" in page and "Adressen er ikke vist endnu." not in page


@pytest.mark.parametrize(("reason", "message"), [
    ("", "Skriv, hvorfor du skal se e-mailadressen."),
    ("ok", "Skriv en begrundelse på mellem 3 og 200 tegn."),
    ("x" * 201, "Skriv en begrundelse på mellem 3 og 200 tegn."),
])
def test_reveal_needs_a_reason(app, admin, mette, reason, message):
    response = reveal(admin, mette, reason)
    assert response.status_code == 422
    page = text(response)
    assert message in page and "mette.konto@example.org" not in page
    assert openings(app, mette) == []


def test_reveal_needs_a_csrf_token(app, admin, mette):
    response = reveal(admin, mette, token="forkert")
    assert response.status_code == 400
    assert "mette.konto@example.org" not in text(response)
    assert openings(app, mette) == []


def test_reveal_of_no_one_is_404(admin):
    assert reveal(admin, 999999, token=csrf_token(admin, "/admin/")).status_code == 404
    assert admin.get("/admin/konti/999999").status_code == 404


def test_reveals_are_limited(app, admin, mette, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_EMAIL_REVEAL", "2 per minute")
    token = csrf_token(admin, f"/admin/konti/{mette}")
    for _ in range(2):
        assert reveal(admin, mette, token=token).status_code == 200
    response = reveal(admin, mette, token=token)
    assert response.status_code == 429 and "mette.konto@example.org" not in text(response)
    assert len(openings(app, mette)) == 2


@pytest.mark.parametrize("role", ["citizen", "moderator", "committee"])
def test_nobody_else_may_open_it(app, client, mette, role):
    user = add_with_role(app, role, pseudonym="Anden", totp=role != "citizen")
    if role == "citizen":
        assert login(client, "Anden", PASSWORD).status_code == 302
    else:
        sign_in_with_code(client, "Anden", user.totp_secret)
    assert client.get(f"/admin/konti/{mette}").status_code == 403
    response = reveal(client, mette, token=csrf_token(client, "/"))
    assert response.status_code == 403 and "mette.konto@example.org" not in text(response)
    assert openings(app, mette) == []


def test_visitor_is_sent_to_log_in(client, mette):
    assert_login_redirect(client.get(f"/admin/konti/{mette}"), f"/admin/konti/{mette}")
