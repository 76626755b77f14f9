"""Accounts over HTTP: registration, log-in, log-out, the profile forms, CSRF, language, limits."""

from __future__ import annotations

import html
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from app.accounts import passwords
from app.accounts.models import User
from app.extensions import db
from tests.conftest import CSRF_RE, body_text, csrf_token, login, post_form
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "Blaa-Cykel-Under-Taget-77"
MO_FILE = Path(__file__).resolve().parents[2] / "translations/en/LC_MESSAGES/messages.mo"
needs_english = pytest.mark.skipif(not MO_FILE.exists(), reason="English catalogue not compiled")

REGISTER_OK = {"pseudonym": "Mette Hansen", "email": "mette@example.org", "password": PASSWORD,
               "password_confirm": PASSWORD, "accept_terms": "y"}


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def assert_form_error(response, message: str, kept=(), secrets=()) -> None:
    body = text(response)
    assert response.status_code == 422, body[:500]
    assert message in body
    for value in kept:
        if value:
            assert f'value="{value}"' in body, f"typed value {value!r} was not kept"
    for secret in secrets:
        if secret:
            assert secret not in body, "a password was echoed back"


def assert_login_redirect(response, next_path: str) -> None:
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/konto/log-ind"
    assert parse_qs(location.query)["next"] == [next_path]


def is_logged_in(client) -> bool:
    response = client.get("/konto/profil")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def client_with(app, **cookies: str):
    other = app.test_client()
    for name, value in cookies.items():
        other.set_cookie(name, value)
    return other


class Users:
    """Test data made and read in short app contexts of their own: a request inside a pushed
    app context would share its `g` (cached user, CSRF token) with every other request."""

    def __init__(self, app) -> None:
        self.app = app

    @staticmethod
    def _copy(user: User) -> SimpleNamespace:
        return SimpleNamespace(**{c.key: getattr(user, c.key) for c in User.__table__.columns})

    def add(self, **kwargs) -> SimpleNamespace:
        with self.app.app_context():
            return self._copy(make_user(**kwargs))

    def get(self, user_id: int) -> SimpleNamespace:
        with self.app.app_context():
            return self._copy(db.session.get(User, user_id))

    def password_is(self, user_id: int, password: str) -> bool:
        with self.app.app_context():
            return passwords.verify_password(db.session.get(User, user_id).password_hash, password)

    def count(self) -> int:
        with self.app.app_context():
            return db.session.scalar(select(func.count(User.id)))


@pytest.fixture
def users(app) -> Users:
    return Users(app)


# --- who may see what --------------------------------------------------------------------------

LOGIN_REQUIRED_GET = ["/konto/profil", "/konto/profil/adgangskode", "/konto/profil/email",
                      "/konto/profil/pseudonym", "/konto/totrin", "/konto/totrin/qr.svg"]
LOGIN_REQUIRED_POST = ["/konto/log-ud", "/konto/totrin/sluk", "/konto/totrin/reservekoder",
                       "/konto/profil/adgangskode", "/konto/profil/email", "/konto/profil/pseudonym"]


@pytest.mark.parametrize("url", LOGIN_REQUIRED_GET)
def test_logged_out_get_goes_to_login_and_back(client, url):
    assert_login_redirect(client.get(url), url)


@pytest.mark.parametrize("url", LOGIN_REQUIRED_POST)
def test_logged_out_post_goes_to_login(client, url):
    response = client.post(url, data={"csrf_token": csrf_token(client)})
    assert_login_redirect(response, url)


@pytest.mark.parametrize(("url", "heading"), [
    ("/konto/profil", "Min profil"), ("/konto/profil/adgangskode", "Skift adgangskode"),
    ("/konto/profil/email", "Skift e-mail"), ("/konto/profil/pseudonym", "Skift pseudonym"),
    ("/konto/opret", "Opret profil"), ("/konto/log-ind", "Log ind"),
    ("/konto/glemt-adgangskode", "Glemt adgangskode")])
def test_pages_render(client, users, url, heading):
    if url.startswith("/konto/profil"):
        users.add(pseudonym="Mette")
        login(client, "Mette", PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in text(response)


def test_pseudonym_form_starts_with_current_name(client, users):
    users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    assert 'value="Mette"' in text(client.get("/konto/profil/pseudonym"))


# --- registration ------------------------------------------------------------------------------

def test_register_creates_account_and_logs_in(client, users, smtp_server):
    response = post_form(client, "/konto/opret", {**REGISTER_OK, "email": " Mette@Example.ORG "})
    assert response.status_code == 200 and "Tjek din indbakke" in text(response)
    with users.app.app_context():
        user = db.session.scalar(select(User))
    assert (user.pseudonym, user.email) == ("Mette Hansen", "mette@example.org")
    assert user.terms_accepted_at is not None and user.email_confirmed_at is None
    link = re.search(r"http://borgernet\.test(/konto/bekraeft/\S+)",
                     body_text(smtp_server.messages[0])).group(1)
    response = post_form(client, link, {})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Velkommen til Borgernet, Mette Hansen" in text(client.get("/"))
    assert client.get("/konto/opret").status_code == 302  # already signed in


def test_register_accepts_a_long_passphrase(client, users):
    passphrase = "kaffe bjerg cykel under taget med syv blaa heste og en gammel radio " * 2
    data = {**REGISTER_OK, "password": passphrase[:120], "password_confirm": passphrase[:120]}
    assert post_form(client, "/konto/opret", data).status_code == 200
    assert users.count() == 1


@pytest.mark.parametrize(("changes", "message"), [
    ({"pseudonym": ""}, "Skriv et pseudonym."),
    ({"email": ""}, "Skriv din e-mailadresse."),
    ({"password": "", "password_confirm": ""}, "Skriv en adgangskode."),
    ({"accept_terms": None}, "Du skal acceptere vilkårene for at oprette en profil."),
    ({"pseudonym": "M" * 41}, "Dit pseudonym skal være mellem 3 og 40 tegn."),
    ({"pseudonym": "Me"}, "Dit pseudonym skal være mellem 3 og 40 tegn."),
    ({"pseudonym": "ß" * 40}, "Dit pseudonym skal være mellem 3 og 40 tegn."),
    ({"pseudonym": "<b>Mette</b>"}, "Brug kun bogstaver, tal, mellemrum, punktum, bindestreg"),
    ({"email": "mette.example.org"}, "Skriv en gyldig e-mailadresse, for eksempel navn@eksempel.dk."),
    ({"email": "m" * 250 + "@example.org"}, "E-mailadressen må højst være 254 tegn."),
    ({"password": "kort-kode", "password_confirm": "kort-kode"}, "mindst 12 tegn"),
    ({"password": "password1234", "password_confirm": "password1234"}, "for almindelig"),
    ({"password": "Mette Hansen 2024", "password_confirm": "Mette Hansen 2024"}, "for let at gætte"),
    ({"password": "x" * 129, "password_confirm": "x" * 129}, "Adgangskoden må højst være 128 tegn."),
    ({"password_confirm": PASSWORD + "x"}, "De to adgangskoder er ikke ens."),
])
def test_register_bad_input(client, users, changes, message):
    data = {key: value for key, value in {**REGISTER_OK, **changes}.items() if value is not None}
    response = post_form(client, "/konto/opret", data)
    assert_form_error(response, message, kept=[data["pseudonym"], data["email"]],
                      secrets=[data["password"], data["password_confirm"]])
    assert users.count() == 0


@pytest.mark.parametrize(("changes", "message"), [
    ({"pseudonym": "mette"}, "Pseudonymet er allerede i brug. Vælg et andet."),
    ({"pseudonym": "METTE"}, "Pseudonymet er allerede i brug. Vælg et andet."),
    # A taken pseudonym is told (pseudonyms are public), also with the profile's own address.
    ({"pseudonym": "Mette", "email": "Mette@Example.org"},
     "Pseudonymet er allerede i brug. Vælg et andet."),
])
def test_register_duplicates(client, users, changes, message):
    users.add(pseudonym="Mette", email="mette@example.org")
    data = {**REGISTER_OK, "pseudonym": "Anden", "email": "anden@example.org", **changes}
    response = post_form(client, "/konto/opret", data)
    assert_form_error(response, message, kept=[data["pseudonym"], data["email"]],
                      secrets=[PASSWORD])
    assert users.count() == 1


# --- log-in ------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["Mette", "mette", "mette@example.org", "METTE@Example.org"])
def test_login_by_pseudonym_or_email(client, users, typed):
    users.add(pseudonym="Mette", email="mette@example.org")
    response = login(client, typed, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Du er logget ind." in text(client.get("/"))
    assert is_logged_in(client)


@pytest.mark.parametrize(("typed", "password", "message"), [
    ("Mette", "Forkert-Kode-Her-2026", "E-mail, pseudonym eller adgangskode er forkert."),
    ("Ukendt", PASSWORD, "E-mail, pseudonym eller adgangskode er forkert."),
    ("", PASSWORD, "Skriv din e-mail eller dit pseudonym."),
    ("Mette", "", "Skriv din adgangskode."),
    ("M" * 255, PASSWORD, "E-mail, pseudonym eller adgangskode er forkert."),
    ("Mette", "x" * 129, "E-mail, pseudonym eller adgangskode er forkert."),
    ("Met\x01te", PASSWORD, "Feltet indeholder tegn, der ikke kan bruges."),
])
def test_login_bad_input(client, users, typed, password, message):
    users.add(pseudonym="Mette")
    response = login(client, typed, password)
    assert_form_error(response, message, kept=[typed if "\x01" not in typed else ""],
                      secrets=[password])
    assert not is_logged_in(client)


@pytest.mark.parametrize(("next_url", "expected"), [
    ("/konto/profil", "/konto/profil"), ("/om/vilkaar?x=1", "/om/vilkaar?x=1"),
    ("https://evil.example/", "/"), ("//evil.example", "/"), ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"), ("http://localhost.evil.example/", "/")])
def test_login_next_only_same_site(client, users, next_url, expected):
    users.add(pseudonym="Mette")
    page = client.get("/konto/log-ind", query_string={"next": next_url})
    assert f'value="{next_url}"' in text(page)
    response = post_form(client, "/konto/log-ind", {"login": "Mette", "password": PASSWORD,
                                                    "next": next_url})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_login_starts_a_new_session(client, users):
    users.add(pseudonym="Mette")
    csrf_token(client)
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = client.get_cookie("borgernet_session").value
    login(client, "Mette", PASSWORD)
    assert client.get_cookie("borgernet_session").value != before
    with client.session_transaction() as session:
        assert "planted" not in session


# --- log-out and ending sessions ---------------------------------------------------------------

def test_logout_ends_session_and_remember_cookie_on_server(app, client, users):
    users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD, remember=True)
    session_cookie = client.get_cookie("borgernet_session").value
    remember_cookie = client.get_cookie("borgernet_remember").value
    assert is_logged_in(client_with(app, borgernet_session=session_cookie))
    assert is_logged_in(client_with(app, borgernet_remember=remember_cookie))

    response = post_form(client, "/konto/log-ud", {}, token_from="/konto/profil")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Du er logget ud." in text(client.get("/"))
    assert not is_logged_in(client)
    assert not is_logged_in(client_with(app, borgernet_session=session_cookie))
    assert not is_logged_in(client_with(app, borgernet_remember=remember_cookie))
    assert not is_logged_in(client_with(app, borgernet_session=session_cookie,
                                        borgernet_remember=remember_cookie))


def test_logout_needs_post(client, users):
    users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    assert client.get("/konto/log-ud").status_code == 405
    assert is_logged_in(client)


# --- CSRF --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "data", "signed_in"), [
    ("/konto/log-ind", {"login": "Mette", "password": PASSWORD}, False),
    ("/konto/opret", REGISTER_OK, False),
    ("/konto/glemt-adgangskode", {"email": "mette@example.org"}, False),
    ("/sprog", {"locale": "en", "next": "/"}, False),
    ("/konto/log-ud", {}, True),
    ("/sprog", {"locale": "en", "next": "/"}, True),
    ("/konto/profil/adgangskode", {"current_password": PASSWORD, "password": NEW_PASSWORD,
                                   "password_confirm": NEW_PASSWORD}, True),
    ("/konto/profil/email", {"email": "ny@example.org", "current_password": PASSWORD}, True),
    ("/konto/profil/pseudonym", {"pseudonym": "Ny Mette"}, True),
    ("/konto/totrin", {"code": "123456"}, True),
    ("/konto/totrin/sluk", {"disable-password": PASSWORD}, True),
])
@pytest.mark.parametrize("token", [None, "not-a-real-token"])
def test_post_without_valid_csrf_token_is_refused(client, users, url, data, signed_in, token):
    user = users.add(pseudonym="Mette", email="mette@example.org")
    if signed_in:
        login(client, "Mette", PASSWORD)
    payload = dict(data) if token is None else {**data, "csrf_token": token}
    response = client.post(url, data=payload)
    assert response.status_code == 400
    assert "manglede sikkerhedskoden" in text(response)
    assert is_logged_in(client) is signed_in
    user = users.get(user.id)
    assert (user.pseudonym, user.email, user.locale) == ("Mette", "mette@example.org", None)
    assert users.count() == 1


# --- language ----------------------------------------------------------------------------------

def test_danish_by_default_and_english_from_browser(client):
    assert '<html lang="da"' in text(client.get("/konto/log-ind"))
    english = client.get("/konto/log-ind", headers={"Accept-Language": "en"})
    assert '<html lang="en"' in text(english)


def test_language_switch(client, users):
    user = users.add(pseudonym="Mette")
    response = post_form(client, "/sprog", {"locale": "en", "next": "/konto/log-ind"},
                         token_from="/")
    assert response.status_code == 302 and response.headers["Location"] == "/konto/log-ind"
    assert '<html lang="en"' in text(client.get("/"))
    login(client, "Mette", PASSWORD)  # the choice survives the new session
    assert '<html lang="en"' in text(client.get("/konto/profil"))
    post_form(client, "/sprog", {"locale": "da", "next": "https://evil.example/"}, token_from="/")
    assert '<html lang="da"' in text(client.get("/"))
    user = users.get(user.id)
    assert user.locale == "da"


def test_language_switch_rejects_unknown_locale(client):
    response = post_form(client, "/sprog", {"locale": "xx", "next": "/"}, token_from="/")
    assert response.status_code == 400


def english(msgid: str) -> str:
    from babel.messages.pofile import read_po

    with MO_FILE.with_suffix(".po").open("rb") as handle:
        message = read_po(handle).get(msgid)
    assert message is not None and message.string, f"no English translation of {msgid!r}"
    return message.string


@needs_english
@pytest.mark.parametrize(("url", "data", "msgid"), [
    ("/konto/opret", {**REGISTER_OK, "pseudonym": "mette"},
     "Pseudonymet er allerede i brug. Vælg et andet."),
    ("/konto/opret", {**REGISTER_OK, "email": "mette.example.org"},
     "Skriv en gyldig e-mailadresse, for eksempel navn@eksempel.dk."),
    ("/konto/opret", {**REGISTER_OK, "password_confirm": "x"}, "De to adgangskoder er ikke ens."),
    ("/konto/log-ind", {"login": "Mette", "password": "Forkert-Kode-Her-2026"},
     "E-mail, pseudonym eller adgangskode er forkert."),
])
def test_errors_in_english(client, users, url, data, msgid):
    users.add(pseudonym="Mette")
    headers = {"Accept-Language": "en"}
    response = post_form(client, url, data, headers=headers)
    body = text(response)
    assert response.status_code == 422
    assert '<html lang="en"' in body
    assert english(msgid) in body
    assert msgid not in body


# --- rate limits -------------------------------------------------------------------------------

def assert_limited(response) -> None:
    body = text(response)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "For mange forsøg" in body and "Vent lidt, og prøv igen." in body
    assert "Traceback" not in body


def test_login_limited_per_account(app, client, users, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_LOGIN_ACCOUNT", "3 per minute")
    users.add(pseudonym="Mette")
    users.add(pseudonym="Jens")
    for spelling in ("Mette", "mette", " METTE "):
        assert login(client, spelling, "Forkert-Kode-Her-2026").status_code == 422
    assert_limited(login(client, "Mette", PASSWORD))
    assert login(client, "Jens", PASSWORD).status_code == 302  # other accounts are unaffected


def test_login_limited_per_address(app, client, users, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_LOGIN_IP", "3 per minute")
    users.add(pseudonym="Mette")
    for name in ("Anna", "Bo", "Carl"):
        assert login(client, name, "Forkert-Kode-Her-2026").status_code == 422
    assert_limited(login(client, "Mette", PASSWORD))


def test_registration_limited(app, client, users, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_REGISTER", "3 per minute")
    for _ in range(3):
        response = post_form(client, "/konto/opret", {**REGISTER_OK, "accept_terms": ""})
        assert response.status_code == 422
    assert_limited(post_form(client, "/konto/opret", REGISTER_OK))
    assert users.count() == 0


def test_a_visitors_language_travels_in_the_address(client, users):
    users.add(pseudonym="Mette")
    danish = text(client.get("/"))
    assert 'href="/?sprog=en"' in danish and 'hreflang="en"' in danish
    english = text(client.get("/?sprog=en"))
    assert '<html lang="en"' in english
    assert 'href="/konto/log-ind?sprog=en"' in english  # links keep the choice
    assert 'href="/?sprog=da"' in english  # and the way back is one link
    assert '<html lang="da"' in text(client.get("/"))  # nothing was stored
    assert '<html lang="en"' in text(client.get("/?sprog=xx", headers={"Accept-Language": "en"}))
    login_page = text(client.get("/konto/log-ind?sprog=en"))
    token = CSRF_RE.search(login_page).group(1)
    client.post("/konto/log-ind?sprog=en", data={"csrf_token": token, "login": "Mette",
                                                 "password": PASSWORD})
    assert '<html lang="en"' in text(client.get("/"))  # the visit stays in English
    # Logged in, the saved choice counts, not the address.
    post_form(client, "/sprog", {"locale": "da", "next": "/"}, token_from="/")
    assert '<html lang="da"' in text(client.get("/?sprog=en"))
