"""The permission matrix: every committee action and the forward action, for every role.

Each case builds the scene, brings the proposal to the state the action needs, signs the
role in (staff with two-factor log-in) and checks exactly the expected outcome: the page, the
log-in redirect, or 403 — and for a POST that the step happened with one audit entry, or that
nothing changed at all.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest

from app.committee.models import local_today
from app.proposals.models import ProposalState
from tests.committee.builders import (
    audit_count,
    build_committee_scene,
    forward,
    forwarding_of,
    receive,
    sign_in,
)
from tests.proposals.builders import fresh

ROLES = ("visitor", "citizen", "member", "moderator", "other_moderator", "committee",
         "other_committee", "admin")
ACTIONS = ("dashboard", "forward_form", "forward", "committee_list", "dossier", "receipt",
           "meeting", "answer")

# L: sent to log in · 4: 403 · Y: allowed (page shown, or the step done with one audit entry)
# Columns follow ACTIONS:  dash  form  fwd   list  dossier receipt meeting answer
MATRIX = {
    "visitor":          "L     L     L     L     L       L       L       L",
    "citizen":          "4     4     4     4     4       4       4       4",
    "member":           "4     4     4     4     4       4       4       4",
    "moderator":        "Y     Y     Y     4     4       4       4       4",
    "other_moderator":  "4     4     4     4     4       4       4       4",
    "committee":        "4     4     4     Y     Y       Y       Y       Y",
    "other_committee":  "4     4     4     4     4       4       4       4",
    "admin":            "Y     Y     Y     Y     Y       4       4       4",
}
CASES = [(role, action, outcome) for role, row in MATRIX.items()
         for action, outcome in zip(ACTIONS, row.split(), strict=True)]


def _user(scene, role: str):
    return {"visitor": None, "citizen": scene.outsider, "member": scene.member,
            "moderator": scene.moderator, "other_moderator": scene.other_moderator,
            "committee": scene.committee, "other_committee": scene.other_committee,
            "admin": scene.admin}[role]


def _prepare(scene, action: str):
    """Bring the proposal to the state the action needs; return (method, url, data, check)."""
    proposal = scene.passed
    if action in ("dashboard", "forward_form"):
        url = scene.dashboard_url if action == "dashboard" else scene.forward_url
        return "GET", url, None, None
    if action == "forward":
        return "POST", scene.forward_url, {"cover_note": "Send den videre."}, (
            lambda: fresh(proposal).state is ProposalState.FORWARDED)
    forwarding = forward(scene)
    if action in ("committee_list", "dossier"):
        return "GET", scene.committee_url if action == "committee_list" else scene.dossier_url, \
            None, None
    if action == "receipt":
        return "POST", scene.dossier_url + "/modtaget", {}, (
            lambda: fresh(proposal).state is ProposalState.RECEIVED)
    if action == "meeting":
        receive(scene, forwarding)
        day = local_today() + timedelta(days=12)
        return "POST", scene.dossier_url + "/moededato", {"meeting_date": day.isoformat()}, (
            lambda: forwarding_of(proposal).meeting_date == day)
    assert action == "answer"
    return "POST", scene.dossier_url + "/svar", {
        "answer_status": "adopted", "answer_text": "Ja, det gør vi."}, (
        lambda: fresh(proposal).state is ProposalState.ANSWERED)


@pytest.mark.parametrize(("role", "action", "outcome"), CASES,
                         ids=[f"{role}-{action}" for role, action, _ in CASES])
def test_permission_matrix(app, app_ctx, role, action, outcome):
    scene = build_committee_scene()
    method, url, data, happened = _prepare(scene, action)
    browser = sign_in(app, _user(scene, role))
    before = audit_count()
    response = browser.client.get(url) if method == "GET" else browser.post(url, data)
    expected = {"L": 302, "4": 403, "Y": 200 if method == "GET" else 302}[outcome]
    assert response.status_code == expected, (role, action, response.status_code)
    if outcome == "L":
        assert urlsplit(response.headers["Location"]).path == "/konto/log-ind"
    if method == "POST":
        fresh(scene.passed)
        if outcome == "Y":
            assert urlsplit(response.headers["Location"]).path != "/konto/log-ind"
            assert happened(), (role, action)
            assert audit_count() == before + 1
        else:
            assert not happened(), (role, action)
            assert audit_count() == before


# --- two-factor log-in is required for the staff tools -----------------------------------------

@pytest.mark.parametrize("role", ["moderator", "committee", "admin"])
def test_staff_without_two_factor_are_sent_to_set_it_up(app, app_ctx, role):
    scene = build_committee_scene()
    user = _user(scene, role)
    user.totp_secret = None
    from tests.proposals.builders import done

    done()
    forward(scene)
    url = scene.dashboard_url if role == "moderator" else scene.committee_url
    browser = sign_in(app, user)
    response = browser.client.get(url)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/konto/totrin"


def test_a_committee_member_of_another_municipality_cannot_find_a_dossier_through_her_own(
        app, app_ctx):
    scene = build_committee_scene()
    forward(scene)
    browser = sign_in(app, scene.other_committee)
    own = f"/udvalg/{scene.other_municipality.slug}/forslag/{scene.passed.id}"
    assert browser.client.get(own).status_code == 404
    assert browser.post(own + "/modtaget").status_code == 404
    assert fresh(scene.passed).state is ProposalState.FORWARDED


def test_a_moderator_cannot_forward_through_another_networks_address(app, app_ctx):
    scene = build_committee_scene()
    browser = sign_in(app, scene.other_moderator)
    url = (f"/kommuner/{scene.municipality.slug}/{scene.other_network.slug}/videresend/"
           f"{scene.passed.id}")
    assert browser.client.get(url).status_code == 404
    assert browser.post(url, {"cover_note": "Smuglet"}).status_code == 404
    assert fresh(scene.passed).state is ProposalState.PASSED
