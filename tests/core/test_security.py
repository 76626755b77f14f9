"""Security baseline: headers on every response, CSRF, caching, friendly error pages."""

from __future__ import annotations

import pytest

from app import create_app
from tests.conftest import login
from tests.factories import PASSWORD, make_user

EXPECTED_CSP = ("default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                "frame-ancestors 'none'")

PUBLIC_URLS = ["/", "/konto/log-ind", "/konto/opret", "/konto/glemt-adgangskode",
               "/om/retningslinjer", "/om/vilkaar", "/om/privatliv", "/om/tilgaengelighed",
               "/findes-ikke", "/static/css/borgernet.css", "/admin/"]


def assert_security_headers(response) -> None:
    headers = response.headers
    assert headers["Content-Security-Policy"] == EXPECTED_CSP
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in headers["Permissions-Policy"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_response_carries_security_headers(client, url):
    response = client.get(url)
    response.close()
    assert response.status_code in (200, 302, 404)
    assert_security_headers(response)


def test_logged_in_pages_are_not_cached(client, app_ctx):
    make_user(pseudonym="Mette")
    login(client, "Mette", PASSWORD)
    for url in ("/", "/konto/profil", "/konto/profil/adgangskode"):
        response = client.get(url)
        assert_security_headers(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_visitor_pages_do_not_say_no_store(client):
    assert client.get("/").headers.get("Cache-Control") != "no-store"


def test_templates_have_no_inline_script_or_style(client):
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    for template in root.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        # Scripts only from our own files (CSP 'self'), never inline.
        assert not re.search(r"<script(?![^>]*\ssrc=)", text), template
        if template.parts[-2] in ("email", "download"):
            # Mails, and files handed out to be opened from disk (the printable survey letter
            # inserts in a code batch's ZIP), are never served under our CSP: their styles
            # must travel inside them. Still no scripts there.
            assert "<script" not in text, template
            continue
        assert not re.search(r"\sstyle=", text), template
        assert "<style" not in text, template
        assert not re.search(r"\son[a-z]+=", text), template


@pytest.mark.parametrize("url,data", [
    ("/konto/log-ind", {"login": "x", "password": "y"}),
    ("/konto/opret", {"pseudonym": "Ny", "email": "ny@example.org"}),
    ("/konto/log-ud", {}),
    ("/sprog", {"locale": "en"}),
    ("/konto/glemt-adgangskode", {"email": "a@example.org"}),
])
def test_post_without_csrf_token_is_refused(client, url, data):
    response = client.post(url, data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Traceback" not in page
    assert "sikkerhedskoden" in page


def test_no_state_change_on_get(app):
    """Every route that changes state answers GET only with a page, never with a change."""
    state_changing = {"accounts.logout", "pages.set_language", "accounts.disable_two_factor",
                      "accounts.new_recovery_codes", "admin.create_municipality",
                      "admin.appoint_moderator", "admin.appoint_committee_member"}
    for rule in app.url_map.iter_rules():
        if rule.endpoint in state_changing:
            assert "GET" not in rule.methods, rule


@pytest.fixture(scope="module")
def failing_app(database_url):
    from app.config import normalise_database_url

    application = create_app({"TESTING": True, "PROPAGATE_EXCEPTIONS": False,
                              "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url)})

    @application.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    yield application
    with application.app_context():
        from app.extensions import db

        db.engine.dispose()


@pytest.mark.parametrize("lang,text", [("da", "Der skete en fejl"), ("en", None)])
def test_500_page_is_friendly_and_hides_the_traceback(failing_app, lang, text):
    response = failing_app.test_client().get("/boom", headers={"Accept-Language": lang})
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "secret internals" not in page and "Traceback" not in page
    assert f'<html lang="{lang}"' in page
    if text:
        assert text in page
    assert_security_headers(response)


def test_404_page_is_friendly(client):
    response = client.get("/findes-ikke")
    assert response.status_code == 404
    assert "Siden findes ikke" in response.get_data(as_text=True)


def test_secure_cookies_and_hsts_in_production_config():
    from app.config import ProdConfig

    assert ProdConfig.SESSION_COOKIE_SECURE and ProdConfig.REMEMBER_COOKIE_SECURE
    assert ProdConfig.SESSION_COOKIE_HTTPONLY and ProdConfig.REMEMBER_COOKIE_HTTPONLY
    assert ProdConfig.SESSION_COOKIE_SAMESITE == "Lax"
    assert ProdConfig.HSTS and not ProdConfig.DEMO_DATA_ALLOWED


def test_hsts_header_in_production(database_url, monkeypatch):
    from app.config import ProdConfig, normalise_database_url

    monkeypatch.setenv("SECRET_KEY", "x" * 40)

    class Config(ProdConfig):
        SQLALCHEMY_DATABASE_URI = normalise_database_url(database_url)
        MAIL_DISABLED = True

    application = create_app(Config)
    response = application.test_client().get("/om/vilkaar")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    with application.app_context():
        from app.extensions import db

        db.engine.dispose()


def test_session_cookie_flags(client, app_ctx):
    make_user(pseudonym="Mette")
    response = login(client, "Mette", PASSWORD, remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("borgernet_session="))
    remember_cookie = next(c for c in cookies if c.startswith("borgernet_remember="))
    for cookie in (session_cookie, remember_cookie):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
