"""Issue 14, item 5: only strictly necessary cookies. A visitor who only reads gets no cookie at
all; a form's page sets the session cookie (it holds the CSRF token); signing in sets the
session cookie. No other cookie is ever set."""

from __future__ import annotations

from http.cookies import SimpleCookie

from sqlalchemy import select

from app.core.db import commit
from app.demo import seed_demo
from app.extensions import db
from app.forum.models import Thread
from app.proposals.models import Proposal
from tests.proposals.builders import Browser

READING = ("/", "/kommuner/eksempel-kommune/", "/kommuner/eksempel-kommune/sygedagpenge/",
           "/kommuner/eksempel-kommune/sygedagpenge/forslag", "/fokusgrupper",
           "/kommuner/eksempel-kommune/tilfredshed", "/kommuner/eksempel-kommune/tilfredshed.csv",
           "/om/privatliv", "/om/vilkaar", "/om/retningslinjer", "/om/tilgaengelighed")


def names(response) -> set[str]:
    found: set[str] = set()
    for header in response.headers.getlist("Set-Cookie"):
        found |= set(SimpleCookie(header))
    return found


def test_a_visitor_who_only_reads_gets_no_cookie(app, app_ctx):
    assert seed_demo()
    commit()
    client = app.test_client()
    thread = db.session.scalar(select(Thread.id).order_by(Thread.id))
    proposal = db.session.scalar(select(Proposal.id).order_by(Proposal.id))
    for url in (*READING, f"/traade/{thread}", f"/forslag/{proposal}"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert names(response) == set(), url
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]) is None


def test_signing_in_and_writing_sets_only_the_session_cookie(app, app_ctx):
    assert seed_demo()
    commit()
    allowed = {app.config["SESSION_COOKIE_NAME"]}  # no "remember me": the session only
    browser = Browser(app)
    seen = names(browser.client.get("/konto/log-ind"))
    assert seen == {app.config["SESSION_COOKIE_NAME"]}  # the form's CSRF token
    response = browser.post("/konto/log-ind", {"login": "Bente",
                                               "password": "Borger-Demo-Kaffekop-7"})
    assert response.status_code == 302
    seen |= names(response)
    for url in ("/", "/beskeder", "/kommuner/eksempel-kommune/sygedagpenge/", "/konto/profil"):
        seen |= names(browser.client.get(url))
    assert seen <= allowed, seen
