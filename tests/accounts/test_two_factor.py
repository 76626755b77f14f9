"""Two-factor log-in: setting it up, logging in with it, backup codes, switching it off."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pyotp
import pytest

from tests.accounts.test_routes import Users, assert_form_error, assert_limited, is_logged_in, text
from tests.conftest import csrf_token, login, post_form
from tests.factories import (
    PASSWORD,
    first_network,
    make_committee_member,
    make_moderator,
    make_municipality,
    make_user,
)

CODE_RE = re.compile(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>")
REFUSED = "Koden passer ikke, eller den er allerede brugt."


@pytest.fixture
def users(app) -> Users:
    return Users(app)


def code_at(secret: str, steps: int = 0) -> str:
    """The code an authenticator app shows `steps` time steps (of 30 s) from now."""
    return pyotp.TOTP(secret).at(datetime.now() + timedelta(seconds=30 * steps))


def enable_two_factor(client, next_url: str | None = None) -> tuple[str, list[str]]:
    """Set up two-factor log-in for the signed-in client; return the secret and backup codes."""
    url = "/konto/totrin" + (f"?next={next_url}" if next_url else "")
    page = client.get(url)
    assert page.status_code == 200
    with client.session_transaction() as session:
        secret = session["pending_totp_secret"]
    assert f'<code class="bn-secret">{secret}</code>' in text(page)
    response = post_form(client, url, {"code": code_at(secret), "next": next_url or ""})
    assert response.status_code == 200
    codes = CODE_RE.findall(text(response))
    return secret, codes


def password_step(client, name: str = "Mette", remember: bool = False):
    response = login(client, name, PASSWORD, remember=remember)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/konto/log-ind/kode"
    return response


def second_step(client, code: str):
    return post_form(client, "/konto/log-ind/kode", {"code": code})


def profile_form(client, url: str, prefix: str, password: str):
    """The profile page's prefixed forms carry their own `<prefix>-csrf_token` field."""
    token = csrf_token(client, "/konto/profil")
    return client.post(url, data={"csrf_token": token, f"{prefix}-csrf_token": token,
                                  f"{prefix}-password": password})


def log_out(client) -> None:
    assert post_form(client, "/konto/log-ud", {}, token_from="/").status_code == 302


# --- setting it up -----------------------------------------------------------------------------

def test_setup_page_shows_qr_code_and_secret(client, users):
    users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    assert client.get("/konto/totrin/qr.svg").status_code == 404  # no secret offered yet
    page = text(client.get("/konto/totrin"))
    with client.session_transaction() as session:
        secret = session["pending_totp_secret"]
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    assert f'<code class="bn-secret">{secret}</code>' in page
    assert '<img class="bn-qr" src="/konto/totrin/qr.svg"' in page
    assert secret in text(client.get("/konto/totrin"))  # the same secret on a reload

    qr = client.get("/konto/totrin/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert "<svg" in qr.get_data(as_text=True)
    assert "no-store" in qr.headers["Cache-Control"]


def test_enabling_shows_ten_backup_codes(client, users):
    user = users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    secret, codes = enable_two_factor(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = users.get(user.id)
    assert stored.totp_secret == secret and stored.totp_last_counter is not None
    profile = text(client.get("/konto/profil"))
    assert "Totrinsbekræftelse er slået til. Du har 10 ubrugte reservekoder." in profile
    again = client.get("/konto/totrin")
    assert again.status_code == 302 and again.headers["Location"] == "/konto/profil"
    assert client.get("/konto/totrin/qr.svg").status_code == 404


@pytest.mark.parametrize(("code", "message"), [
    ("", "Skriv koden fra appen."),
    ("12ab56", "Koden skal være 6 cifre."),
    ("1234567", "Koden skal være 6 cifre."),
    ("wrong", "Koden skal være 6 cifre."),
    (None, "Koden passer ikke. Tjek at uret på din telefon går rigtigt"),
])
def test_enabling_with_a_bad_code(client, users, code, message):
    user = users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    client.get("/konto/totrin")
    with client.session_transaction() as session:
        secret = session["pending_totp_secret"]
    if code is None:  # a well-formed code that is not the current one
        code = code_at(secret, steps=10)
    response = post_form(client, "/konto/totrin", {"code": code})
    assert_form_error(response, message)
    assert secret in text(response)  # the same secret is offered again
    assert users.get(user.id).totp_secret is None


# --- logging in with it ------------------------------------------------------------------------

def test_login_requires_the_code_and_refuses_a_replay(app, client, users):
    users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    secret, _ = enable_two_factor(client)
    log_out(client)

    password_step(client)
    assert not is_logged_in(client)  # the password alone is not enough
    code = code_at(secret, steps=1)  # the setup code's time step is used up
    response = second_step(client, code)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert is_logged_in(client)
    with client.session_transaction() as session:
        assert session["second_factor_ok"] is True

    other = app.test_client()
    password_step(other)
    for reused in (code, code_at(secret)):
        assert_form_error(second_step(other, reused), REFUSED)
    assert not is_logged_in(other)


@pytest.mark.parametrize(("code", "message"), [
    ("000000", REFUSED), ("abcdef-123456", REFUSED), ("", "Skriv koden fra din godkenderapp."),
    ("123", "Skriv de 6 cifre fra appen eller en af dine reservekoder."),
    ("1" * 21, "Skriv de 6 cifre fra appen eller en af dine reservekoder.")])
def test_wrong_code(client, users, code, message):
    users.add(pseudonym="Mette", totp=True)
    password_step(client)
    assert_form_error(second_step(client, code), message)
    assert not is_logged_in(client)


def test_backup_code_works_once(client, users):
    users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    _, codes = enable_two_factor(client)
    log_out(client)

    password_step(client)
    assert second_step(client, codes[0]).status_code == 302
    assert "Du har 9 ubrugte reservekoder" in text(client.get("/konto/profil"))
    log_out(client)
    password_step(client)
    assert_form_error(second_step(client, codes[0]), REFUSED)
    typed_loosely = codes[1].upper().replace("-", " ")
    assert second_step(client, typed_loosely).status_code == 302


def test_code_step_needs_the_password_step(client, users):
    users.add(pseudonym="Mette", totp=True)
    response = client.get("/konto/log-ind/kode")
    assert response.status_code == 302 and response.headers["Location"] == "/konto/log-ind"
    assert "Log ind med din adgangskode først." in text(client.get("/konto/log-ind"))


@pytest.mark.parametrize(("next_url", "expected"), [
    ("/konto/profil", "/konto/profil"), ("//evil.example/", "/"), ("https://evil.example/", "/")])
def test_next_and_remember_survive_the_code_step(client, users, next_url, expected):
    user = users.add(pseudonym="Mette", totp=True)
    response = post_form(client, "/konto/log-ind", {"login": "Mette", "password": PASSWORD,
                                                    "next": next_url, "remember": "y"})
    location = urlsplit(response.headers["Location"])
    assert location.path == "/konto/log-ind/kode"
    assert parse_qs(location.query)["next"] == [next_url]
    code_page = client.get(response.headers["Location"])
    assert f'value="{next_url}"' in text(code_page)
    response = post_form(client, "/konto/log-ind/kode", {"code": code_at(user.totp_secret),
                                                         "next": next_url})
    assert response.headers["Location"] == expected
    assert client.get_cookie("borgernet_remember") is not None


def test_code_attempts_are_limited(app, client, users, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_TWO_FACTOR", "3 per minute")
    user = users.add(pseudonym="Mette", totp=True)
    password_step(client)
    for _ in range(3):
        assert second_step(client, "000000").status_code == 422
    assert_limited(second_step(client, code_at(user.totp_secret)))
    assert not is_logged_in(client)


# --- switching off and new backup codes --------------------------------------------------------

@pytest.mark.parametrize(("password", "message"), [
    ("Forkert-Kode-Her-2026", "Adgangskoden er forkert."),
    ("", "Skriv din adgangskode for at slå totrinsbekræftelse fra.")])
def test_disabling_needs_the_password(client, users, password, message):
    user = users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    enable_two_factor(client)
    response = profile_form(client, "/konto/totrin/sluk", "disable", password)
    assert response.status_code == 302 and response.headers["Location"] == "/konto/profil"
    assert message in text(client.get("/konto/profil"))
    assert users.get(user.id).totp_secret is not None


def test_disabling(client, users):
    user = users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    enable_two_factor(client)
    response = profile_form(client, "/konto/totrin/sluk", "disable", PASSWORD)
    assert response.status_code == 302
    assert "Totrinsbekræftelse er slået fra." in text(client.get("/konto/profil"))
    assert users.get(user.id).totp_secret is None
    log_out(client)
    assert login(client, "Mette", PASSWORD).headers["Location"] == "/"


def test_new_backup_codes_replace_the_old(client, users):
    users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    _, old_codes = enable_two_factor(client)
    wrong = profile_form(client, "/konto/totrin/reservekoder", "codes", "Forkert-Kode-Her-2026")
    assert wrong.status_code == 302
    assert "Adgangskoden er forkert." in text(client.get("/konto/profil"))
    empty = profile_form(client, "/konto/totrin/reservekoder", "codes", "")
    assert empty.status_code == 302
    assert "Skriv din adgangskode for at lave nye reservekoder." in text(client.get("/konto/profil"))

    response = profile_form(client, "/konto/totrin/reservekoder", "codes", PASSWORD)
    new_codes = CODE_RE.findall(text(response))
    assert response.status_code == 200 and len(new_codes) == 10
    assert PASSWORD not in text(response)
    log_out(client)
    password_step(client)
    assert_form_error(second_step(client, old_codes[0]), REFUSED)
    assert second_step(client, new_codes[0]).status_code == 302


def test_new_backup_codes_need_two_factor_on(client, users):
    users.add(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    response = profile_form(client, "/konto/totrin/reservekoder", "codes", PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/konto/profil"


# --- staff roles -------------------------------------------------------------------------------

def add_with_role(app, role: str, **kwargs):
    with app.app_context():
        if role == "admin":
            user = make_user(admin=True, **kwargs)
        elif role == "moderator":
            user = make_moderator(first_network(make_municipality()), **kwargs)
        elif role == "committee":
            user = make_committee_member(make_municipality(), **kwargs)
        else:
            user = make_user(**kwargs)
        return Users._copy(user)


@pytest.mark.parametrize("role", ["admin", "moderator", "committee"])
def test_staff_without_two_factor_are_sent_to_set_it_up(app, client, role):
    add_with_role(app, role, pseudonym="Mette")
    response = login(client, "Mette", PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/konto/totrin"
    assert "Din rolle kræver totrinsbekræftelse" in text(client.get("/konto/totrin"))


@pytest.mark.parametrize("role", ["admin", "moderator", "committee", "citizen"])
def test_staff_with_two_factor_log_in_normally(app, client, role):
    user = add_with_role(app, role, pseudonym="Mette", totp=True)
    password_step(client)
    response = second_step(client, code_at(user.totp_secret))
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_citizen_without_two_factor_is_not_pushed(client, users):
    users.add(pseudonym="Mette")
    assert login(client, "Mette", PASSWORD).headers["Location"] == "/"
