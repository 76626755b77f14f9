"""Reset by a mailed link, and the profile changes: password, e-mail (noticed by mail), pseudonym.

Mail goes through a real SMTP server on loopback.
"""

from __future__ import annotations

import re
import time

import pytest
from itsdangerous import TimestampSigner

from app.accounts import services
from app.accounts.models import User
from app.extensions import db
from tests.accounts.test_routes import (
    NEW_PASSWORD,
    Users,
    assert_form_error,
    assert_limited,
    client_with,
    english,
    is_logged_in,
    needs_english,
    text,
)
from tests.conftest import body_text, login, post_form
from tests.factories import PASSWORD

LINK_RE = re.compile(r"(\S+/konto/ny-adgangskode/\S+)")
SENT = "Hvis der findes en profil med den e-mail, har vi nu sendt et link."
DEAD_LINK = "Linket er udløbet eller allerede brugt. Bed om et nyt."


@pytest.fixture
def users(app) -> Users:
    return Users(app)


def request_reset(client, email: str, host: str = "localhost"):
    """Fetch the form and submit it, both under the given Host header, as a browser would."""
    headers = {"Host": host}
    page = client.get("/konto/glemt-adgangskode", headers=headers).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    return client.post("/konto/glemt-adgangskode", headers=headers,
                       data={"csrf_token": token, "email": email})


def mailed_link(smtp_server) -> str:
    assert len(smtp_server.messages) == 1
    return LINK_RE.search(body_text(smtp_server.messages[0])).group(1)


def path_of(link: str) -> str:
    return link.removeprefix("http://borgernet.test")


def new_password(client, path: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return post_form(client, path, {"password": password,
                                    "password_confirm": password if confirm is None else confirm})


# --- reset by mail -----------------------------------------------------------------------------

def test_reset_end_to_end(app, client, users, smtp_server):
    user = users.add(pseudonym="Mette", email="mette@example.org")
    elsewhere = app.test_client()
    login(elsewhere, "Mette", PASSWORD)

    response = request_reset(client, " Mette@Example.ORG ", host="evil.example")
    assert response.status_code == 302 and response.headers["Location"] == "/konto/log-ind"
    message = smtp_server.messages[0]
    assert message["To"] == "mette@example.org"
    assert message["Subject"] == "Ny adgangskode til Borgernet"
    assert body_text(message).startswith("Hej\r\n") and "Mette" not in body_text(message)
    assert "60 minutter" in body_text(message)
    link = mailed_link(smtp_server)
    assert link.startswith("http://borgernet.test/konto/ny-adgangskode/")
    assert "evil.example" not in message.as_string()

    form = client.get(path_of(link))
    assert form.status_code == 200 and "Vælg ny adgangskode" in text(form)
    response = new_password(client, path_of(link))
    assert response.status_code == 302 and response.headers["Location"] == "/konto/log-ind"
    assert "Din adgangskode er skiftet. Log ind med den nye." in text(client.get("/konto/log-ind"))
    assert users.password_is(user.id, NEW_PASSWORD)
    assert not is_logged_in(elsewhere)
    assert login(app.test_client(), "Mette", PASSWORD).status_code == 422
    assert login(client, "Mette", NEW_PASSWORD).status_code == 302


def test_reset_link_works_once(client, users, smtp_server):
    user = users.add(pseudonym="Mette", email="mette@example.org")
    request_reset(client, "mette@example.org")
    path = path_of(mailed_link(smtp_server))
    assert new_password(client, path).status_code == 302

    again = client.get(path)
    assert again.status_code == 302 and again.headers["Location"] == "/konto/glemt-adgangskode"
    assert DEAD_LINK in text(client.get("/konto/glemt-adgangskode"))
    response = post_form(client, path, {"password": "Endnu-En-Ny-Kode-2027",
                                        "password_confirm": "Endnu-En-Ny-Kode-2027"},
                         token_from="/konto/glemt-adgangskode")
    assert response.status_code == 302 and response.headers["Location"] == "/konto/glemt-adgangskode"
    assert users.password_is(user.id, NEW_PASSWORD)


def test_expired_link_is_refused(app, client, users, smtp_server, monkeypatch):
    users.add(pseudonym="Mette", email="mette@example.org")
    request_reset(client, "mette@example.org")
    path = path_of(mailed_link(smtp_server))
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"] == "/konto/glemt-adgangskode"
    assert DEAD_LINK in text(client.get("/konto/glemt-adgangskode"))


def test_link_older_than_an_hour_is_refused(app, client, users, monkeypatch):
    user = users.add(pseudonym="Mette", email="mette@example.org")
    with app.app_context(), monkeypatch.context() as patch:
        fresh = services.make_reset_token(db.session.get(User, user.id), app.config["SECRET_KEY"])
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 61 * 60)
        old = services.make_reset_token(db.session.get(User, user.id), app.config["SECRET_KEY"])
    assert client.get(f"/konto/ny-adgangskode/{fresh}").status_code == 200
    response = client.get(f"/konto/ny-adgangskode/{old}")
    assert response.status_code == 302 and response.headers["Location"] == "/konto/glemt-adgangskode"


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxfQ.aaaa.bbbb", "a" * 500])
def test_forged_link_is_refused(client, users, token):
    users.add(pseudonym="Mette")
    response = client.get(f"/konto/ny-adgangskode/{token}")
    assert response.status_code == 302 and response.headers["Location"] == "/konto/glemt-adgangskode"


def test_unknown_email_gets_the_same_answer_and_no_mail(client, users, smtp_server):
    users.add(pseudonym="Mette", email="mette@example.org")
    known = request_reset(client, "mette@example.org")
    known_page = text(client.get("/konto/log-ind"))
    smtp_server.messages.clear()
    unknown = request_reset(client, "ukendt@example.org")
    assert (unknown.status_code, unknown.headers["Location"]) == (
        known.status_code, known.headers["Location"])
    assert SENT in text(client.get("/konto/log-ind")) and SENT in known_page
    assert smtp_server.messages == []


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Skriv din e-mailadresse."),
    ("Mette", "Skriv en gyldig e-mailadresse, for eksempel navn@eksempel.dk."),
    ("mette@", "Skriv en gyldig e-mailadresse"),
    ("m" * 250 + "@example.org", "E-mailadressen må højst være 254 tegn."),
])
def test_forgot_password_bad_input(client, users, smtp_server, typed, message):
    users.add(pseudonym="Mette", email="mette@example.org")
    assert_form_error(post_form(client, "/konto/glemt-adgangskode", {"email": typed}), message,
                      kept=[typed])
    assert smtp_server.messages == []


@pytest.mark.parametrize(("password", "confirm", "message"), [
    ("", "", "Skriv din nye adgangskode."),
    ("kort-kode", "kort-kode", "Adgangskoden skal være mindst 12 tegn lang."),
    ("password1234", "password1234", "Adgangskoden er for almindelig."),
    ("z" * 129, "z" * 129, "Adgangskoden må højst være 128 tegn."),
    (NEW_PASSWORD, NEW_PASSWORD + "!", "De to adgangskoder er ikke ens."),
])
def test_reset_form_bad_input(app, client, users, password, confirm, message):
    user = users.add(pseudonym="Mette", email="mette@example.org")
    with app.app_context():
        token = services.make_reset_token(db.session.get(User, user.id), app.config["SECRET_KEY"])
    path = f"/konto/ny-adgangskode/{token}"
    assert_form_error(new_password(client, path, password, confirm), message,
                      secrets=[password, confirm])
    assert users.password_is(user.id, PASSWORD)
    assert client.get(path).status_code == 200  # the link still works after a mistake


def test_reset_requests_are_limited(app, client, users, smtp_server, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_PASSWORD_RESET", "3 per minute")
    users.add(pseudonym="Mette", email="mette@example.org")
    for _ in range(3):
        assert request_reset(client, "mette@example.org").status_code == 302
    assert_limited(request_reset(client, "mette@example.org"))
    assert len(smtp_server.messages) == 3


def test_new_password_posts_are_limited(app, client, users, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_PASSWORD_RESET", "3 per minute")
    user = users.add(pseudonym="Mette", email="mette@example.org")
    with app.app_context():
        token = services.make_reset_token(db.session.get(User, user.id), app.config["SECRET_KEY"])
    path = f"/konto/ny-adgangskode/{token}"
    for _ in range(3):
        assert new_password(client, path, "kort", "kort").status_code == 422
    assert_limited(new_password(client, path))
    assert users.password_is(user.id, PASSWORD)


@needs_english
def test_reset_mail_in_the_users_language(client, users, smtp_server):
    users.add(pseudonym="Mette", email="mette@example.org", locale="en")
    request_reset(client, "mette@example.org")
    assert smtp_server.messages[0]["Subject"] == english("Ny adgangskode til Borgernet")


# --- change password ---------------------------------------------------------------------------

def test_password_change_ends_other_sessions_but_not_this_one(app, client, users):
    user = users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    copied = client_with(app, borgernet_session=client.get_cookie("borgernet_session").value)
    elsewhere = app.test_client()
    login(elsewhere, "Mette", PASSWORD)
    assert is_logged_in(copied) and is_logged_in(elsewhere)

    response = post_form(client, "/konto/profil/adgangskode", {
        "current_password": PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/konto/profil"
    assert "Du er logget ud på dine andre enheder" in text(client.get("/konto/profil"))
    assert is_logged_in(client)
    assert not is_logged_in(copied) and not is_logged_in(elsewhere)
    assert users.password_is(user.id, NEW_PASSWORD)
    assert login(app.test_client(), "Mette", PASSWORD).status_code == 422


@pytest.mark.parametrize(("data", "message"), [
    ({"current_password": "Forkert-Kode-Her-2026"}, "Adgangskoden er forkert."),
    ({"current_password": "x" * 129}, "Adgangskoden er forkert."),
    ({"current_password": ""}, "Skriv din nuværende adgangskode."),
    ({"password": "", "password_confirm": ""}, "Skriv din nye adgangskode."),
    ({"password": "password1234", "password_confirm": "password1234"}, "for almindelig"),
    ({"password": "kort-kode", "password_confirm": "kort-kode"}, "mindst 12 tegn"),
    ({"password": "y" * 129, "password_confirm": "y" * 129}, "Adgangskoden må højst være 128 tegn."),
    ({"password_confirm": "Noget-Helt-Andet-2026"}, "De to adgangskoder er ikke ens."),
])
def test_change_password_bad_input(client, users, data, message):
    user = users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    form = {"current_password": PASSWORD, "password": NEW_PASSWORD,
            "password_confirm": NEW_PASSWORD, **data}
    response = post_form(client, "/konto/profil/adgangskode", form)
    assert_form_error(response, message, secrets=list(form.values()))
    assert users.password_is(user.id, PASSWORD)
    assert users.get(user.id).session_token == user.session_token


# --- change e-mail -----------------------------------------------------------------------------

def test_change_email_tells_the_old_address(app, client, users, smtp_server):
    user = users.add(pseudonym="Mette", email="mette@example.org")
    login(client, "Mette", PASSWORD)
    response = post_form(client, "/konto/profil/email",
                         {"email": "Ny.Mette@Example.org", "current_password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/konto/profil"
    assert "Vi har sendt et link til den nye adresse" in text(client.get("/konto/profil"))
    link = re.search(r"http://borgernet\.test(\S+)", body_text(smtp_server.messages[0])).group(1)
    smtp_server.messages.clear()
    response = post_form(client, link, {})
    assert response.status_code == 302 and response.headers["Location"] == "/konto/profil"
    assert "Vi har skrevet til din gamle adresse" in text(client.get("/konto/profil"))
    assert [m["To"] for m in smtp_server.messages] == ["mette@example.org"]
    notice = smtp_server.messages[0]
    assert notice["Subject"] == "Din e-mail på Borgernet er ændret"
    assert body_text(notice).startswith("Hej\r\n") and "Mette" not in body_text(notice)
    assert "lige blevet ændret" in body_text(notice)
    assert users.get(user.id).email == "ny.mette@example.org"
    assert login(app.test_client(), "ny.mette@example.org", PASSWORD).status_code == 302


@pytest.mark.parametrize(("data", "message"), [
    ({"email": ""}, "Skriv din nye e-mailadresse."),
    ({"email": "ny.example.org"}, "Skriv en gyldig e-mailadresse"),
    ({"email": "n" * 250 + "@example.org"}, "E-mailadressen må højst være 254 tegn."),
    ({"email": "Mette@Example.org"}, "Det er allerede din e-mail."),
    ({"current_password": "Forkert-Kode-Her-2026"}, "Adgangskoden er forkert."),
    ({"current_password": ""}, "Skriv din nuværende adgangskode."),
])
def test_change_email_bad_input(client, users, smtp_server, data, message):
    user = users.add(pseudonym="Mette", email="mette@example.org")
    users.add(pseudonym="Anden", email="anden@example.org")
    login(client, "Mette", PASSWORD)
    form = {"email": "ny@example.org", "current_password": PASSWORD, **data}
    response = post_form(client, "/konto/profil/email", form)
    assert_form_error(response, message, kept=[form["email"]], secrets=[form["current_password"]])
    assert smtp_server.messages == []
    assert users.get(user.id).email == "mette@example.org"


# --- pseudonym ---------------------------------------------------------------------------------

@pytest.mark.parametrize("new_name", ["Ny Mette", "mette", "Mette  Jensen"])
def test_change_pseudonym(client, users, new_name):
    user = users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    response = post_form(client, "/konto/profil/pseudonym", {"pseudonym": new_name})
    assert response.status_code == 302
    shown = " ".join(new_name.split())
    assert f"Dit pseudonym er nu {shown}." in text(client.get("/konto/profil"))
    assert users.get(user.id).pseudonym == shown


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Skriv dit nye pseudonym."),
    ("Jo", "Dit pseudonym skal være mellem 3 og 40 tegn."),
    ("J" * 41, "Dit pseudonym skal være mellem 3 og 40 tegn."),
    ("ß" * 40, "Dit pseudonym skal være mellem 3 og 40 tegn."),
    ("Jens@home", "Brug kun bogstaver, tal, mellemrum, punktum, bindestreg"),
    ("anden", "Pseudonymet er allerede i brug. Vælg et andet."),
    ("ANDEN", "Pseudonymet er allerede i brug. Vælg et andet."),
])
def test_change_pseudonym_bad_input(client, users, typed, message):
    user = users.add(pseudonym="Mette")
    users.add(pseudonym="Anden")
    login(client, "Mette", PASSWORD)
    response = post_form(client, "/konto/profil/pseudonym", {"pseudonym": typed})
    assert_form_error(response, message, kept=[typed])
    assert users.get(user.id).pseudonym == "Mette"
