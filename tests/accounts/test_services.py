"""Account services without HTTP: plain inputs in, users or DomainErrors out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from app.accounts import passwords, services, signup, tokens
from app.accounts.models import RecoveryCode, User
from app.core.errors import DomainError
from app.extensions import db
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "Blaa-Cykel-Under-Taget-77"
SECRET_KEY = "test-secret-key-not-for-production"
LONG_PASSPHRASE = ("Sikker-Kaffe-Bjerg-2026-" * 6)[:128]
NOW = datetime(2026, 5, 1, 12, 0, 10, tzinfo=UTC)  # ten seconds into a 30-second time step


def registration(**changes) -> services.Registration:
    data = {"pseudonym": "Mette Hansen", "email": "mette@example.org", "password": PASSWORD,
            "accepted_terms": True, "locale": None, **changes}
    return services.Registration(**data)


def raises_on(field: str):
    return pytest.raises(DomainError, check=lambda error: error.field == field)


# --- register_user -----------------------------------------------------------------------------

@pytest.mark.parametrize("confirmed", [True, False])
def test_register_user(app_ctx, confirmed):
    user = services.register_user(registration(
        pseudonym="  Mette   Hansen ", email=" Mette@Example.ORG ", locale="en"),
        confirmed=confirmed)
    assert user.id is not None
    assert (user.pseudonym, user.pseudonym_key) == ("Mette Hansen", "mette hansen")
    assert (user.email, user.locale) == ("mette@example.org", "en")
    assert user.terms_accepted_at is not None and not user.is_admin and not user.totp_enabled
    assert user.email_confirmed is confirmed
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    assert passwords.verify_password(user.password_hash, PASSWORD)
    assert user.session_token and user.get_id() == user.session_token


@pytest.mark.parametrize(("changes", "field"), [
    ({"accepted_terms": False}, "accept_terms"),
    ({"pseudonym": "mette"}, "pseudonym"),
    ({"pseudonym": " METTE "}, "pseudonym"),
    ({"pseudonym": "ß" * 40}, "pseudonym"),  # "ss" * 40 would not fit the 40-character key
    ({"email": "Mette@Example.org"}, "email"),
    ({"password": "kort-kode"}, "password"),
    ({"password": "password1234"}, "password"),
    ({"password": "Anden Bruger 2024"}, "password"),  # built from the pseudonym
])
def test_register_user_refuses(app_ctx, changes, field):
    make_user(pseudonym="Mette", email="mette@example.org")
    with raises_on(field):
        services.register_user(registration(**{"pseudonym": "Anden Bruger",
                                                "email": "anden@example.org", **changes}),
                               confirmed=True)
    assert db.session.scalar(select(func.count(User.id))) == 1


# --- sign_up: the same outcome for a known and an unknown address ------------------------------

def test_sign_up_new_address(app_ctx):
    result = signup.sign_up(registration(email=" Ny@Example.ORG "))
    assert (result.to, result.taken) == ("ny@example.org", False)
    assert result.user.id is not None and not result.user.email_confirmed


def test_sign_up_known_address_changes_nothing(app_ctx):
    mette = make_user(pseudonym="Mette", email="mette@example.org")
    before = (mette.pseudonym, mette.password_hash, mette.terms_accepted_at)
    result = signup.sign_up(registration(pseudonym="Anden", email="METTE@example.org",
                                         password=NEW_PASSWORD))
    assert (result.user, result.to, result.taken) == (mette, "mette@example.org", True)
    assert (mette.pseudonym, mette.password_hash, mette.terms_accepted_at) == before
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_sign_up_again_replaces_an_unconfirmed_account(app_ctx):
    first = signup.sign_up(registration()).user
    token = tokens.make_token(first, SECRET_KEY, tokens.CONFIRM_ACCOUNT)
    again = signup.sign_up(registration(pseudonym="Mette H", password=NEW_PASSWORD))
    assert (again.user, again.taken) == (first, False)
    assert first.pseudonym == "Mette H" and passwords.verify_password(first.password_hash,
                                                                      NEW_PASSWORD)
    assert signup.unconfirmed_user_for_token(token, SECRET_KEY, 60) is None
    fresh = tokens.make_token(first, SECRET_KEY, tokens.CONFIRM_ACCOUNT)
    assert signup.unconfirmed_user_for_token(fresh, SECRET_KEY, 60) is first
    signup.confirm_account(first)
    assert first.email_confirmed
    assert signup.unconfirmed_user_for_token(fresh, SECRET_KEY, 60) is None  # works once


@pytest.mark.parametrize(("changes", "field"), [
    ({"accepted_terms": False}, "accept_terms"),
    ({"pseudonym": "METTE"}, "pseudonym"),
    ({"password": "kort-kode"}, "password"),
])
@pytest.mark.parametrize("email", ["mette@example.org", "ny@example.org"])
def test_sign_up_refuses_alike_for_known_and_unknown_addresses(app_ctx, changes, field, email):
    make_user(pseudonym="Mette", email="mette@example.org")
    with raises_on(field):
        signup.sign_up(registration(**{"pseudonym": "Anden Bruger", "email": email, **changes}))
    assert db.session.scalar(select(func.count(User.id))) == 1


# --- authenticate ------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["Mette", "mette", " METTE ", "mette@example.org",
                                   " Mette@Example.ORG "])
def test_authenticate_by_pseudonym_or_email(app_ctx, typed):
    user = make_user(pseudonym="Mette", email="mette@example.org")
    assert services.authenticate(typed, PASSWORD) is user


@pytest.mark.parametrize(("typed", "password"), [
    ("Mette", "Forkert-Kode-Her-2026"), ("Mette", ""), ("Mette", PASSWORD.lower()),
    ("Ukendt", PASSWORD), ("", PASSWORD), ("mette@example", PASSWORD)])
def test_authenticate_refuses(app_ctx, typed, password):
    make_user(pseudonym="Mette", email="mette@example.org")
    assert services.authenticate(typed, password) is None


def test_authenticate_upgrades_an_old_hash(app, app_ctx, monkeypatch):
    user = make_user(pseudonym="Mette")
    old_hash = user.password_hash
    monkeypatch.setitem(app.config, "ARGON2_FAST", False)  # the production cost is now wanted
    assert services.authenticate("Mette", PASSWORD) is user
    assert user.password_hash != old_hash and "m=65536" in user.password_hash
    assert passwords.verify_password(user.password_hash, PASSWORD)


# --- sessions and account changes --------------------------------------------------------------

def test_change_password_rotates_the_session_token(app_ctx):
    user = make_user(pseudonym="Mette")
    token = user.session_token
    services.change_password(user, PASSWORD, NEW_PASSWORD)
    assert user.session_token != token
    assert services.user_for_session_token(token) is None
    assert services.user_for_session_token(user.session_token) is user
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)


@pytest.mark.parametrize(("current", "new", "field"), [
    ("Forkert-Kode-Her-2026", NEW_PASSWORD, "current_password"),
    (PASSWORD, "password1234", "password"),
    (PASSWORD, "kort", "password"),
    (PASSWORD, "Mette Hansen 2024", "password"),
])
def test_change_password_refuses(app_ctx, current, new, field):
    user = make_user(pseudonym="Mette Hansen")
    token, old_hash = user.session_token, user.password_hash
    with raises_on(field):
        services.change_password(user, current, new)
    assert (user.session_token, user.password_hash) == (token, old_hash)


def test_end_all_sessions(app_ctx):
    user = make_user()
    token = user.session_token
    services.end_all_sessions(user)
    assert user.session_token != token and services.user_for_session_token(token) is None


@pytest.mark.parametrize("token", [None, "", "unknown-token"])
def test_user_for_unknown_session_token(app_ctx, token):
    make_user()
    assert services.user_for_session_token(token) is None


def test_change_email(app_ctx):
    user = make_user(email="mette@example.org")
    result = signup.request_email_change(user, PASSWORD, " Ny@Example.ORG ")
    assert (result.user, result.to, result.taken) == (user, "ny@example.org", False)
    assert user.email == "mette@example.org"  # nothing changes before the link is followed
    token = tokens.make_token(user, SECRET_KEY, tokens.CHANGE_EMAIL, e=result.to)
    assert signup.email_change_for_token(token, SECRET_KEY, 60) == (user, "ny@example.org")
    assert signup.change_email(user, "ny@example.org") == "mette@example.org"
    assert user.email == "ny@example.org"
    assert signup.email_change_for_token(token, SECRET_KEY, 60) is None  # works once


def test_change_email_to_a_taken_address_is_not_refused(app_ctx):
    user = make_user(email="mette@example.org")
    make_user(email="anden@example.org")
    result = signup.request_email_change(user, PASSWORD, "ANDEN@example.org")
    assert (result.to, result.taken) == ("anden@example.org", True)
    assert user.email == "mette@example.org"


@pytest.mark.parametrize(("password", "email", "field"), [
    ("Forkert-Kode-Her-2026", "ny@example.org", "current_password"),
    (PASSWORD, "METTE@example.org", "email")])
def test_change_email_refuses(app_ctx, password, email, field):
    user = make_user(email="mette@example.org")
    make_user(email="anden@example.org")
    with raises_on(field):
        signup.request_email_change(user, password, email)
    assert user.email == "mette@example.org"


def test_change_pseudonym(app_ctx):
    user = make_user(pseudonym="Mette")
    make_user(pseudonym="Anden")
    services.change_pseudonym(user, "mette")  # a new spelling of one's own name is fine
    assert (user.pseudonym, user.pseudonym_key) == ("mette", "mette")
    for taken in ("Anden", "ANDEN", " anden "):
        with raises_on("pseudonym"):
            services.change_pseudonym(user, taken)
    with raises_on("pseudonym"):
        services.change_pseudonym(user, "Straße" * 7)
    assert user.pseudonym == "mette"


# --- the small rules ---------------------------------------------------------------------------

@pytest.mark.parametrize(("password", "problem"), [
    ("", "mindst 12 tegn"),
    ("Kort-Kode-1", "mindst 12 tegn"),
    ("x" * 129, "højst være 128 tegn"),
    ("password1234", "for almindelig"),
    ("PASSWORD1234", "for almindelig"),
    ("abababababab", "for almindelig"),
    ("qwertyuiopasdf", "for let at gætte"),
    ("Mette Hansen 2024", "for let at gætte"),
    ("mette@example.org!", "for let at gætte"),
    (PASSWORD, None),
    ("Kx9#mQ2$vL7p", None),
    (LONG_PASSPHRASE, None),  # long passphrases are welcome (and must not crash zxcvbn)
])
def test_password_problem(app_ctx, password, problem):
    found = passwords.password_problem(password, "Mette Hansen", "mette@example.org")
    if problem is None:
        assert found is None
    else:
        assert problem in found


@pytest.mark.parametrize(("typed", "key"), [
    ("Mette", "mette"), ("  Mette   Hansen ", "mette hansen"), ("MeTTe\tHansen", "mette hansen"),
    ("ÆBLE Ø Å", "æble ø å"), ("Straße", "strasse"), ("mette", "mette")])
def test_pseudonym_key(typed, key):
    assert services.pseudonym_key(typed) == key


def test_normalise_email():
    assert services.normalise_email("  Mette@Example.ORG ") == "mette@example.org"


# --- second factor -----------------------------------------------------------------------------

@pytest.fixture
def frozen(monkeypatch):
    """Stop the service's clock in the middle of a time step, so tests never race a boundary."""
    monkeypatch.setattr(services, "utcnow", lambda: NOW)


def code(secret: str, steps: int = 0) -> str:
    return pyotp.TOTP(secret).at(NOW + timedelta(seconds=30 * steps))


def test_totp_code_is_accepted_once(app_ctx, frozen):
    user = make_user(totp=True)
    assert services.verify_second_factor(user, code(user.totp_secret))
    assert user.totp_last_counter == pyotp.TOTP(user.totp_secret).timecode(NOW)
    assert not services.verify_second_factor(user, code(user.totp_secret))  # replay
    assert not services.verify_second_factor(user, code(user.totp_secret, -1))  # older
    assert services.verify_second_factor(user, code(user.totp_secret, +1))  # clock drift
    assert not services.verify_second_factor(user, code(user.totp_secret, +1))


@pytest.mark.parametrize(("steps", "accepted"), [(-2, False), (-1, True), (0, True), (1, True),
                                                 (2, False)])
def test_totp_allows_one_step_of_drift(app_ctx, frozen, steps, accepted):
    user = make_user(totp=True)
    assert services.verify_second_factor(user, code(user.totp_secret, steps)) is accepted


def test_older_code_after_newer_is_refused(app_ctx, frozen):
    user = make_user(totp=True)
    assert services.verify_second_factor(user, code(user.totp_secret, 0))
    assert not services.verify_second_factor(user, code(user.totp_secret, -1))


@pytest.mark.parametrize("typed", ["", "abc", "000000", "1234567", " "])
def test_garbage_codes_are_refused(app_ctx, frozen, typed):
    user = make_user(totp=True)
    if typed == "000000" and code(user.totp_secret) == "000000":
        pytest.skip("the random secret happens to give 000000 now")
    assert not services.verify_second_factor(user, typed)
    assert user.totp_last_counter is None


def test_no_second_factor_without_a_secret(app_ctx, frozen):
    user = make_user()
    assert not services.verify_second_factor(user, code(pyotp.random_base32()))


def test_enable_two_factor_and_recovery_codes(app_ctx, frozen):
    user = make_user()
    secret = services.new_totp_secret()
    with raises_on("code"):
        services.enable_two_factor(user, secret, code(secret, 5))
    assert not user.totp_enabled
    codes = services.enable_two_factor(user, secret, code(secret))
    assert user.totp_secret == secret and len(set(codes)) == 10
    assert services.unused_recovery_code_count(user) == 10
    assert not services.verify_second_factor(user, code(secret))  # the setup code is used up

    assert services.verify_second_factor(user, codes[0])
    assert not services.verify_second_factor(user, codes[0])
    assert services.verify_second_factor(user, " " + codes[1].upper().replace("-", "") + " ")
    assert services.unused_recovery_code_count(user) == 8

    with raises_on("password"):
        services.regenerate_recovery_codes(user, "Forkert-Kode-Her-2026")
    fresh = services.regenerate_recovery_codes(user, PASSWORD)
    assert services.unused_recovery_code_count(user) == 10
    assert not services.verify_second_factor(user, codes[2])
    assert services.verify_second_factor(user, fresh[0])


def test_disable_two_factor(app_ctx, frozen):
    user = make_user()
    secret = services.new_totp_secret()
    services.enable_two_factor(user, secret, code(secret))
    with raises_on("password"):
        services.disable_two_factor(user, "Forkert-Kode-Her-2026")
    assert user.totp_enabled
    services.disable_two_factor(user, PASSWORD)
    assert not user.totp_enabled and user.totp_last_counter is None
    assert db.session.scalar(select(func.count(RecoveryCode.id))) == 0


def test_provisioning_uri(app_ctx):
    user = make_user(pseudonym="Mette Hansen")
    uri = services.provisioning_uri(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    assert uri.startswith("otpauth://totp/Borgernet:Mette%20Hansen?")
    assert "secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" in uri and "issuer=Borgernet" in uri


# --- reset tokens ------------------------------------------------------------------------------

def test_reset_token_round_trip_and_single_use(app_ctx):
    user = make_user()
    token = services.make_reset_token(user, SECRET_KEY)
    assert services.user_for_reset_token(token, SECRET_KEY, 3600) is user
    assert services.user_for_reset_token(token, "another-key", 3600) is None
    assert services.user_for_reset_token(token, SECRET_KEY, -1) is None  # expired
    assert services.user_for_reset_token(token[:-2] + "xx", SECRET_KEY, 3600) is None
    token_before = user.session_token
    services.reset_password(user, NEW_PASSWORD)
    assert user.session_token != token_before
    assert services.user_for_reset_token(token, SECRET_KEY, 3600) is None


@pytest.mark.parametrize("payload", [[1, 2], "text", {"u": "1", "p": "x"}, {"p": "x"},
                                     {"u": 999999, "p": "x"}])
def test_reset_token_with_odd_payload(app_ctx, payload):
    make_user()
    serializer = URLSafeTimedSerializer(SECRET_KEY, salt="borgernet.password-reset")
    assert services.user_for_reset_token(serializer.dumps(payload), SECRET_KEY, 3600) is None


def test_reset_password_checks_strength(app_ctx):
    user = make_user()
    with raises_on("password"):
        services.reset_password(user, "password1234")
    assert passwords.verify_password(user.password_hash, PASSWORD)
