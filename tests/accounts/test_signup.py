"""Sign-up and change of e-mail do not tell whether an address has a profile.

Both answer the same page for a known and an unknown address, do the same expensive work,
and send exactly one mail, to the address typed; the mail is what differs. Mail goes
through a real SMTP server on loopback.
"""

from __future__ import annotations

import re
import time

import pytest
from itsdangerous import TimestampSigner
from sqlalchemy import select

from app.accounts import passwords, services, tokens
from app.accounts.models import User
from app.extensions import db, limiter
from tests.accounts.test_routes import (
    NEW_PASSWORD,
    REGISTER_OK,
    Users,
    assert_limited,
    english,
    is_logged_in,
    needs_english,
    text,
)
from tests.conftest import CSRF_RE, body_text, login, post_form
from tests.factories import PASSWORD

CONFIRM_RE = re.compile(r"http://borgernet\.test(/konto/bekraeft/\S+)")
CHANGE_RE = re.compile(r"http://borgernet\.test(/konto/profil/email/\S+)")
CHECK_INBOX = "Tjek din indbakke"
ALREADY = "Du har allerede en profil på Borgernet. Log ind, eller vælg en ny adgangskode."
NOT_READY = "Din profil er ikke klar endnu."
DEAD_LINK = "Linket er udløbet eller allerede brugt."
CHANGE_SENT = ("Vi har sendt et link til den nye adresse. Din e-mail skifter, når du har "
               "klikket på det.")


@pytest.fixture
def users(app) -> Users:
    return Users(app)


@pytest.fixture
def hashes(monkeypatch) -> list[str]:
    """Every Argon2 hash or check made, in order: the expensive work a path does."""
    made: list[str] = []
    hash_password, verify_password = passwords.hash_password, passwords.verify_password

    def counted_hash(password: str) -> str:
        made.append("hash")
        return hash_password(password)

    def counted_verify(password_hash: str, password: str) -> bool:
        made.append("verify")
        return verify_password(password_hash, password)

    monkeypatch.setattr(passwords, "hash_password", counted_hash)
    monkeypatch.setattr(passwords, "verify_password", counted_verify)
    return made


TIMED_HEADERS = ("Set-Cookie", "Content-Length", "Date", "Retry-After", "X-RateLimit-Reset")


def comparable(response, *typed: str) -> tuple:
    """Status, headers and body, without the CSRF token, nonces, clock times and what was
    typed. Call limiter.reset() before each request compared, so their rate limits count alike."""
    body = CSRF_RE.sub('name="csrf_token" value=""', response.get_data(as_text=True))
    body = re.sub(r'nonce="[^"]*"', 'nonce=""', body)
    for value in typed:
        body = body.replace(value, "TYPED")
    headers = sorted((name, value) for name, value in response.headers.items()
                     if name not in TIMED_HEADERS)
    return response.status_code, headers, body


def sign_up(client, **changes):
    return post_form(client, "/konto/opret", {**REGISTER_OK, **changes})


def link_in(message, pattern: re.Pattern = CONFIRM_RE) -> str:
    return pattern.search(body_text(message)).group(1)


def confirm(client, path: str):
    """Open the mailed link, then press its button, as a person would."""
    page = client.get(path)
    assert page.status_code == 200, page.headers.get("Location")
    return client.post(path, data={"csrf_token": CSRF_RE.search(text(page)).group(1)})


def user_by_email(users: Users, email: str):
    with users.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        return None if user is None else users._copy(user)


# --- the same answer ---------------------------------------------------------------------------

def test_sign_up_answers_the_same_for_a_known_and_an_unknown_address(app, users, smtp_server,
                                                                     hashes):
    mette = users.add(pseudonym="Mette", email="mette@example.org")
    work_before = len(hashes)

    unknown = sign_up(app.test_client(), pseudonym="Ny Borger", email="ny@example.org")
    work_unknown = hashes[work_before:]
    mails_unknown = list(smtp_server.messages)
    smtp_server.messages.clear()
    work_before = len(hashes)
    limiter.reset()  # so the rate-limit headers count from the same start
    known = sign_up(app.test_client(), pseudonym="Anden Borger", email="Mette@Example.org")
    work_known = hashes[work_before:]

    assert unknown.status_code == known.status_code == 200
    assert CHECK_INBOX in text(unknown)
    assert comparable(unknown, "ny@example.org") == comparable(known, "mette@example.org")
    assert work_unknown == work_known == ["hash"]  # the same Argon2 work on both paths
    assert [m["To"] for m in mails_unknown] == ["ny@example.org"]
    assert [m["To"] for m in smtp_server.messages] == ["mette@example.org"]
    # Nothing about Mette's profile changed, and no second profile was made.
    assert users.get(mette.id).password_hash == mette.password_hash
    assert users.get(mette.id).pseudonym == "Mette"
    assert users.count() == 2 and user_by_email(users, "ny@example.org") is not None


def test_check_inbox_page_explains_what_to_do(client, users, smtp_server):
    body = text(sign_up(client, email=" Ny@Example.ORG "))
    assert "<h1>Tjek din indbakke</h1>" in body
    assert "Vi har sendt en e-mail til ny@example.org." in body
    assert "Linket virker i 24 timer." in body
    assert "uønsket post (spam)" in body
    for path in ("/konto/opret", "/konto/log-ind", "/konto/glemt-adgangskode"):
        assert f'href="{path}"' in body


def test_new_address_gets_a_confirmation_link(client, users, smtp_server):
    sign_up(client, email="ny@example.org")
    [message] = smtp_server.messages
    assert message["To"] == "ny@example.org"
    assert message["Subject"] == "Bekræft din e-mail til Borgernet"
    body = body_text(message)
    assert body.startswith("Hej\r\n") and "Mette Hansen" not in body  # no pseudonym in a mail
    assert "24 timer" in body
    assert link_in(message).startswith("/konto/bekraeft/")
    assert PASSWORD not in message.as_string()
    created = user_by_email(users, "ny@example.org")
    assert created.email_confirmed_at is None and created.pseudonym == "Mette Hansen"


def test_known_address_gets_a_note_and_no_link(client, users, smtp_server):
    users.add(pseudonym="Mette", email="mette@example.org")
    sign_up(client, pseudonym="Anden Borger", email="mette@example.org")
    [message] = smtp_server.messages
    assert message["To"] == "mette@example.org"
    assert message["Subject"] == "Du har allerede en profil på Borgernet"
    body = body_text(message)
    assert "Hej Mette" in body and ALREADY in body
    assert "http://borgernet.test/konto/log-ind" in body
    assert "http://borgernet.test/konto/glemt-adgangskode" in body
    assert "/konto/bekraeft/" not in message.as_string()
    assert users.count() == 1


# --- confirming --------------------------------------------------------------------------------

def test_confirming_logs_in(client, users, smtp_server):
    sign_up(client)
    assert login(client, "Mette Hansen", PASSWORD).status_code == 422
    path = link_in(smtp_server.messages[0])
    page = client.get(path)
    assert page.status_code == 200 and "Bekræft og log ind" in text(page)
    assert not is_logged_in(client)  # opening the link alone (a mail scanner) does nothing
    response = confirm(client, path)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Velkommen til Borgernet, Mette Hansen. Din profil er oprettet." in text(client.get("/"))
    assert is_logged_in(client)
    assert user_by_email(users, "mette@example.org").email_confirmed_at is not None


def test_confirmation_link_works_once(app, client, users, smtp_server):
    sign_up(client)
    path = link_in(smtp_server.messages[0])
    assert confirm(client, path).status_code == 302
    other = app.test_client()
    again = other.get(path)
    assert again.status_code == 302 and again.headers["Location"] == "/konto/log-ind"
    assert DEAD_LINK in text(other.get("/konto/log-ind"))
    posted = post_form(other, path, {}, token_from="/konto/log-ind")
    assert posted.status_code == 302 and not is_logged_in(other)


def test_expired_confirmation_link_is_refused(app, client, users, smtp_server, monkeypatch):
    sign_up(client)
    path = link_in(smtp_server.messages[0])
    monkeypatch.setitem(app.config, "EMAIL_CONFIRM_MAX_AGE", -1)
    assert client.get(path).headers["Location"] == "/konto/log-ind"
    assert DEAD_LINK in text(client.get("/konto/log-ind"))
    assert user_by_email(users, "mette@example.org").email_confirmed_at is None


def test_confirmation_link_older_than_a_day_is_refused(app, client, users, monkeypatch):
    user = users.add(pseudonym="Mette", email="mette@example.org", confirmed=False)
    secret = app.config["SECRET_KEY"]
    with app.app_context(), monkeypatch.context() as patch:
        row = db.session.get(User, user.id)
        fresh = tokens.make_token(row, secret, tokens.CONFIRM_ACCOUNT)
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 25 * 3600)
        old = tokens.make_token(row, secret, tokens.CONFIRM_ACCOUNT)
        reset = services.make_reset_token(row, secret)
    assert client.get(f"/konto/bekraeft/{old}").status_code == 302
    assert client.get(f"/konto/bekraeft/{reset}").status_code == 302  # another purpose's link
    assert client.get(f"/konto/bekraeft/{fresh}").status_code == 200


# --- unconfirmed accounts ----------------------------------------------------------------------

def test_unconfirmed_account_cannot_log_in(client, users, smtp_server):
    users.add(pseudonym="Mette", email="mette@example.org", confirmed=False)
    wrong = login(client, "Mette", "Forkert-Kode-Her-2026")
    assert wrong.status_code == 422 and NOT_READY not in text(wrong)  # no more than a wrong password
    for typed in ("Mette", "mette@example.org"):
        response = login(client, typed, PASSWORD)
        assert response.status_code == 422
        assert NOT_READY in text(response) and "Send linket igen" in text(response)
        assert PASSWORD not in text(response)
        assert not is_logged_in(client)
    assert smtp_server.messages == []


def test_refused_log_in_can_send_the_link_again(app, client, users, smtp_server, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_CONFIRM_RESEND", "2 per minute")
    users.add(pseudonym="Mette", email="mette@example.org", confirmed=False)
    login(client, "Mette", PASSWORD)
    for _ in range(2):
        response = post_form(client, "/konto/bekraeft/send-igen", {}, token_from="/konto/log-ind")
        assert response.status_code == 302 and response.headers["Location"] == "/konto/log-ind"
    assert_limited(post_form(client, "/konto/bekraeft/send-igen", {}, token_from="/konto/log-ind"))
    assert [m["To"] for m in smtp_server.messages] == ["mette@example.org"] * 2
    assert confirm(client, link_in(smtp_server.messages[-1])).status_code == 302
    assert is_logged_in(client)


def test_resend_without_a_refused_log_in_sends_nothing(app, client, users, smtp_server):
    users.add(pseudonym="Mette", email="mette@example.org", confirmed=False)
    response = post_form(client, "/konto/bekraeft/send-igen", {}, token_from="/konto/log-ind")
    assert response.status_code == 302 and smtp_server.messages == []
    assert client.post("/konto/bekraeft/send-igen").status_code == 400  # CSRF


def test_signing_up_again_sends_a_fresh_confirmation(app, users, smtp_server):
    first = sign_up(app.test_client())
    limiter.reset()
    again = sign_up(app.test_client(), password=NEW_PASSWORD, password_confirm=NEW_PASSWORD)
    assert comparable(first) == comparable(again)
    assert [m["Subject"] for m in smtp_server.messages] == ["Bekræft din e-mail til Borgernet"] * 2
    assert ALREADY not in body_text(smtp_server.messages[1])
    old_path, new_path = (link_in(m) for m in smtp_server.messages)
    assert app.test_client().get(old_path).status_code == 302  # only the newest sign-up counts
    client = app.test_client()
    assert confirm(client, new_path).status_code == 302
    assert users.count() == 1
    assert login(app.test_client(), "Mette Hansen", NEW_PASSWORD).status_code == 302


def test_unconfirmed_pseudonym_is_reserved(client, users, smtp_server):
    sign_up(client)
    response = sign_up(client, email="anden@example.org")
    assert response.status_code == 422
    assert "Pseudonymet er allerede i brug. Vælg et andet." in text(response)
    assert users.count() == 1


def test_password_reset_confirms_an_unconfirmed_account(app, client, users, smtp_server):
    user = users.add(pseudonym="Mette", email="mette@example.org", confirmed=False)
    with app.app_context():
        token = services.make_reset_token(db.session.get(User, user.id), app.config["SECRET_KEY"])
    post_form(client, f"/konto/ny-adgangskode/{token}",
              {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD})
    assert users.get(user.id).email_confirmed_at is not None
    assert login(client, "Mette", NEW_PASSWORD).status_code == 302


def test_admin_command_and_demo_make_confirmed_accounts(app, users):
    result = app.test_cli_runner().invoke(args=[
        "create-admin", "--pseudonym", "Admin Anna", "--email", "anna@example.org",
        "--password", PASSWORD], input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    from app.demo import seed_demo

    with app.app_context():
        assert seed_demo()
        db.session.commit()
        assert db.session.scalars(select(User).where(User.email_confirmed_at.is_(None))).all() == []
    assert login(app.test_client(), "borger@eksempel.dk", "Borger-Demo-Kaffekop-7").status_code == 302


@needs_english
def test_confirmation_mail_in_the_chosen_language(client, users, smtp_server):
    post_form(client, "/konto/opret?sprog=en", REGISTER_OK)
    assert smtp_server.messages[0]["Subject"] == english("Bekræft din e-mail til Borgernet")


# --- change of e-mail --------------------------------------------------------------------------

def change_email(client, email: str, password: str = PASSWORD):
    return post_form(client, "/konto/profil/email", {"email": email, "current_password": password})


def test_change_email_answers_the_same_for_a_taken_and_a_free_address(app, users, smtp_server,
                                                                     hashes):
    mette = users.add(pseudonym="Mette", email="mette@example.org")
    users.add(pseudonym="Anden", email="anden@example.org")
    answers = {}
    for address in ("ny@example.org", "Anden@Example.org"):
        client = app.test_client()
        login(client, "Mette", PASSWORD)
        smtp_server.messages.clear()
        limiter.reset()
        work_before = len(hashes)
        response = change_email(client, address)
        profile = client.get("/konto/profil")
        assert CHANGE_SENT in text(profile)
        answers[address] = (response.status_code, response.headers["Location"],
                            hashes[work_before:], len(smtp_server.messages), comparable(profile))
    free, taken = answers.values()
    assert free == taken
    assert free[:4] == (302, "/konto/profil", ["verify"], 1)
    assert users.get(mette.id).email == "mette@example.org"  # nothing changes before the link


def test_change_email_takes_effect_when_the_link_is_followed(app, client, users, smtp_server):
    user = users.add(pseudonym="Mette", email="mette@example.org")
    login(client, "Mette", PASSWORD)
    change_email(client, "Ny.Mette@Example.org")
    assert CHANGE_SENT in text(client.get("/konto/profil"))
    [message] = smtp_server.messages
    assert message["To"] == "ny.mette@example.org"
    assert message["Subject"] == "Bekræft din nye e-mail på Borgernet"
    assert "Mette" not in body_text(message)  # a mistyped address learns no pseudonym
    path = link_in(message, CHANGE_RE)
    assert users.get(user.id).email == "mette@example.org"
    smtp_server.messages.clear()

    page = client.get(path)
    assert page.status_code == 200 and "ny.mette@example.org" in text(page)
    assert users.get(user.id).email == "mette@example.org"  # opening alone changes nothing
    response = confirm(client, path)
    assert response.status_code == 302 and response.headers["Location"] == "/konto/profil"
    assert "Din e-mail er ændret." in text(client.get("/konto/profil"))
    assert users.get(user.id).email == "ny.mette@example.org"
    [notice] = smtp_server.messages
    assert notice["To"] == "mette@example.org"
    assert notice["Subject"] == "Din e-mail på Borgernet er ændret"
    assert login(app.test_client(), "ny.mette@example.org", PASSWORD).status_code == 302

    again = client.get(path)  # the link works once
    assert again.status_code == 302 and DEAD_LINK in text(client.get("/konto/profil"))


def test_change_to_a_taken_address_tells_only_that_address(client, users, smtp_server):
    user = users.add(pseudonym="Mette", email="mette@example.org")
    users.add(pseudonym="Anden", email="anden@example.org")
    login(client, "Mette", PASSWORD)
    change_email(client, "Anden@Example.org")
    [message] = smtp_server.messages
    assert message["To"] == "anden@example.org"
    assert message["Subject"] == "Der findes allerede en profil med denne e-mail"
    body = body_text(message)
    assert "Der findes allerede en profil med denne e-mail" in body
    assert "Mette" not in body and "Anden" not in body and "/konto/profil/email/" not in body
    assert users.get(user.id).email == "mette@example.org"


def test_change_email_link_expires_and_dies_when_the_address_is_taken(app, client, users,
                                                                      smtp_server, monkeypatch):
    user = users.add(pseudonym="Mette", email="mette@example.org")
    login(client, "Mette", PASSWORD)
    change_email(client, "ny@example.org")
    path = link_in(smtp_server.messages[0], CHANGE_RE)
    with monkeypatch.context() as patch:
        patch.setitem(app.config, "EMAIL_CONFIRM_MAX_AGE", -1)
        assert client.get(path).headers["Location"] == "/konto/profil"
    users.add(pseudonym="Hurtig", email="ny@example.org")
    refused = post_form(client, path, {}, token_from="/konto/profil")
    assert refused.status_code == 302 and DEAD_LINK in text(client.get("/konto/profil"))
    assert users.get(user.id).email == "mette@example.org"


def test_change_email_requests_are_limited(app, client, users, smtp_server, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_EMAIL_CHANGE", "2 per minute")
    users.add(pseudonym="Mette", email="mette@example.org")
    login(client, "Mette", PASSWORD)
    for n in range(2):
        assert change_email(client, f"ny{n}@example.org").status_code == 302
    assert_limited(change_email(client, "ny9@example.org"))
    assert len(smtp_server.messages) == 2


def test_change_email_link_is_bound_to_user_and_address(app, users):
    mette = users.add(pseudonym="Mette", email="mette@example.org")
    with app.app_context():
        row = db.session.get(User, mette.id)
        token = tokens.make_token(row, app.config["SECRET_KEY"], tokens.CHANGE_EMAIL,
                                  e="ny@example.org")
    forged = token.replace(token.split(".")[0], token.split(".")[0][::-1])
    client = app.test_client()
    assert client.get(f"/konto/profil/email/{forged}").status_code == 302
    assert client.get(f"/konto/bekraeft/{token}").status_code == 302  # not a sign-up link
    assert client.get(f"/konto/profil/email/{token}").status_code == 200
