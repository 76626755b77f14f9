"""The permission matrix: every moderation action, every role, exactly the allowed outcome.

Roles: a visitor, a citizen (signed in, member of nothing), a member of the network, a
moderator of this network, a moderator of another network in the same municipality, a
committee member of this municipality and of another one, and an admin. Staff sign in with
their two-factor code; citizens and members with their password.

Outcomes: L = sent to log in (and back), F = 403, N = 404 (hidden content stays hidden),
O = allowed, and the action really happened (and wrote its one audit entry). Whenever the
outcome is not O, nothing changed and no audit entry was written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from app.accounts.models import User
from app.extensions import db
from app.moderation.models import AppealStatus, ReportStatus
from tests.factories import make_post, make_thread
from tests.moderation.builders import (
    ROLES,
    Person,
    act_url,
    alert_url,
    appeal,
    appeal_of,
    appeal_url,
    audit_count,
    build_scene,
    comment,
    crisis_alert,
    decide_url,
    done,
    events,
    fresh,
    hide,
    in_a_week,
    is_handled,
    is_login_redirect,
    make_proposal,
    membership,
    person,
    report,
    report_url,
    reports_of,
    settle,
    text,
)


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    url: Callable[[SimpleNamespace], str]
    data: Callable[[SimpleNamespace], dict] = lambda s: {}
    happened: Callable[[SimpleNamespace], bool] | None = None  # True once it has happened
    shows: str | None = None  # what an allowed GET page must show
    audited: bool = True
    entries: int = 1  # audit entries when allowed: one per target


def _report_count(s) -> int:
    return len(reports_of(s.post))


def _suspended(s) -> bool:
    settle()
    return membership(s.author, s.network).suspended_until is not None


def _appeal_is(status: AppealStatus) -> Callable[[SimpleNamespace], bool]:
    def check(s: SimpleNamespace) -> bool:
        settle()
        return appeal_of(s.hidden_post).status is status

    return check


ACTIONS = [
    Action("report", "POST", lambda s: report_url(s.post),
           lambda s: {"reason": "harassment", "text": "Tonen er hård."},
           happened=lambda s: _report_count(s) == 2, audited=False),
    Action("view queue", "GET", lambda s: s.queue_url, shows="Moderation af Dagpenge"),
    Action("bulk action", "POST", lambda s: f"{s.queue_url}/samlet",
           lambda s: {"targets": [f"post:{s.post.id}", f"proposal:{s.proposal.id}"],
                      "action": "dismiss", "reason": ""},
           happened=lambda s: not reports_of(s.post, ReportStatus.OPEN), entries=2),
    Action("hide", "POST", lambda s: act_url(s.post, "skjul"),
           lambda s: {"reason": "Chikane af et andet medlem."},
           happened=lambda s: fresh(s.post).is_hidden),
    Action("restore", "POST", lambda s: act_url(s.hidden_post, "vis"),
           happened=lambda s: not fresh(s.hidden_post).is_hidden),
    Action("report comment", "POST", lambda s: report_url(s.comment),
           lambda s: {"reason": "harassment", "text": "Hård tone."},
           happened=lambda s: bool(reports_of(s.comment)), audited=False),
    Action("hide comment", "POST", lambda s: act_url(s.comment, "skjul"),
           lambda s: {"reason": "Navnet på en medarbejder."},
           happened=lambda s: fresh(s.comment).is_hidden),
    Action("restore comment", "POST", lambda s: act_url(s.hidden_comment, "vis"),
           happened=lambda s: not fresh(s.hidden_comment).is_hidden),
    Action("dismiss", "POST", lambda s: act_url(s.post, "afvis-anmeldelser"),
           happened=lambda s: bool(reports_of(s.post, ReportStatus.DISMISSED))),
    Action("lock", "POST", lambda s: act_url(s.thread, "laas"),
           lambda s: {"reason": "Diskussionen er kørt af sporet."},
           happened=lambda s: fresh(s.thread).is_locked),
    Action("unlock", "POST", lambda s: act_url(s.locked_thread, "laas-op"),
           happened=lambda s: not fresh(s.locked_thread).is_locked),
    Action("pin", "POST", lambda s: act_url(s.thread, "fastgoer"),
           happened=lambda s: fresh(s.thread).is_pinned),
    Action("unpin", "POST", lambda s: act_url(s.locked_thread, "frigoer"),
           happened=lambda s: not fresh(s.locked_thread).is_pinned),
    Action("suspend", "POST", lambda s: f"{s.queue_url}/udeluk",
           lambda s: {"s-pseudonym": s.author.pseudonym, "s-until": in_a_week(),
                      "s-reason": "Gentagne personangreb."},
           happened=_suspended),
    Action("warn", "POST", lambda s: f"{s.queue_url}/advar",
           lambda s: {"w-pseudonym": s.author.pseudonym, "w-text": "Husk tonen."},
           happened=lambda s: bool(events("moderation.warning"))),
    Action("decide appeal: restore", "POST", lambda s: decide_url(s.hidden_post, "vis-igen"),
           happened=_appeal_is(AppealStatus.RESTORED)),
    Action("decide appeal: uphold", "POST", lambda s: decide_url(s.hidden_post, "fasthold"),
           happened=_appeal_is(AppealStatus.UPHELD)),
    Action("view log", "GET", lambda s: s.log_url, shows="content.hidden"),
    Action("view full log", "GET", lambda s: "/moderation/log", shows="content.hidden"),
    Action("cross-network queue", "GET", lambda s: "/moderation", shows="Åbne anmeldelser"),
    Action("handle crisis alert", "POST", lambda s: alert_url(s.alert),
           lambda s: {"reason": "Skrev til personen om Livslinien."},
           happened=lambda s: is_handled(s.alert)),
    Action("appeal (only the author)", "GET", lambda s: appeal_url(s.hidden_post),
           shows="Klag over en afgørelse", audited=False),
    Action("see hidden thread", "GET", lambda s: f"/traade/{s.hidden_thread.id}",
           shows="Et skjult emne", audited=False),
    Action("see hidden proposal", "GET", lambda s: f"/forslag/{s.hidden_proposal.id}",
           shows="Et skjult forslag", audited=False),
]

# Roles in order: visitor, citizen, member, moderator (this network), moderator (another
# network), committee (this municipality), committee (another municipality), admin.
EXPECTED = {
    "report":                   "L F O O F F F F",
    "view queue":               "L F F O F F F O",
    "bulk action":              "L F F O F F F O",
    "hide":                     "L F F O F F F O",
    "restore":                  "L F F O F F F O",
    "report comment":           "L F O O F F F F",
    "hide comment":             "L F F O F F F O",
    "restore comment":          "L F F O F F F O",
    "dismiss":                  "L F F O F F F O",
    "lock":                     "L F F O F F F O",
    "unlock":                   "L F F O F F F O",
    "pin":                      "L F F O F F F O",
    "unpin":                    "L F F O F F F O",
    "suspend":                  "L F F O F F F O",
    "warn":                     "L F F O F F F O",
    "decide appeal: restore":   "L F F O F F F O",
    "decide appeal: uphold":    "L F F O F F F O",
    "view log":                 "L F F O F F F O",
    "view full log":            "L F F F F F F O",
    "cross-network queue":      "L F F O O F F O",
    "handle crisis alert":      "L F F O F F F O",
    "appeal (only the author)": "L F F F F F F F",
    "see hidden thread":        "N N N O N N N O",
    "see hidden proposal":      "N N N O N N N O",
}

CASES = [pytest.param(action, role, EXPECTED[action.name].split()[i],
                      id=f"{action.name}-{role}")
         for action in ACTIONS for i, role in enumerate(ROLES)]


def test_the_table_covers_every_action_and_role():
    assert sorted(EXPECTED) == sorted(action.name for action in ACTIONS)
    assert all(len(row.split()) == len(ROLES) for row in EXPECTED.values())


@pytest.fixture
def scene(app_ctx):
    """The matrix scene: an open report of a post; a post hidden by another moderator of the
    network (Moderator Mads) whose author appealed; a hidden thread, proposal and comment;
    a locked, pinned thread; an open crisis alert about the reported post."""
    s = build_scene()
    report(s.reporter, s.post, "spam")
    report(s.reporter, s.proposal, "spam")
    s.hidden_post = make_post(s.thread, s.author, "Et indlæg, der blev skjult.")
    hide(s.second_moderator, s.hidden_post, "Personlige oplysninger om en sagsbehandler.")
    appeal(s.author, s.hidden_post)
    s.hidden_thread = make_thread(s.network, s.author, title="Et skjult emne")
    hide(s.second_moderator, s.hidden_thread)
    s.hidden_proposal = make_proposal(s.network, s.author, title="Et skjult forslag")
    hide(s.second_moderator, s.hidden_proposal)
    s.hidden_comment = comment(s.proposal, s.member, "En kommentar, der blev skjult.")
    hide(s.second_moderator, s.hidden_comment)
    s.locked_thread = make_thread(s.network, s.member, title="Låst og fastgjort", pinned=True,
                                  locked=True, lock_reason="Gammel tråd.")
    s.alert = crisis_alert(s.member, s.post)
    return s


def _request(browser: Person, action: Action, s: SimpleNamespace):
    url = action.url(s)
    if action.method == "GET":
        return browser.get(url), url
    return browser.post(url, action.data(s)), url


@pytest.mark.parametrize(("action", "role", "outcome"), CASES)
def test_permission_matrix(app, scene, action: Action, role: str, outcome: str):
    browser = person(app, scene, role)
    before = audit_count()
    response, url = _request(browser, action, scene)
    status = response.status_code
    if outcome == "L":
        assert is_login_redirect(response, url), (status, response.headers.get("Location"))
    elif outcome == "F":
        assert status == 403, status
    elif outcome == "N":
        assert status == 404, status
    elif action.method == "GET":
        assert status == 200, status
        assert action.shows in text(response)
    else:
        assert status == 302 and not is_login_redirect(response), (
            status, response.headers.get("Location"))
    settle()
    if action.happened is not None:
        assert action.happened(scene) is (outcome == "O"), "the effect does not match"
    written = audit_count() - before
    assert written == (action.entries if outcome == "O" and action.audited
                       and action.method == "POST" else 0)


# --- beyond the table -------------------------------------------------------------------------

def test_the_moderator_who_hid_it_cannot_decide_the_appeal(app, scene):
    hider = Person(app, scene.second_moderator)
    for decision in ("vis-igen", "fasthold"):
        assert hider.post(decide_url(scene.hidden_post, decision)).status_code == 403
    settle()
    assert appeal_of(scene.hidden_post).status is AppealStatus.OPEN
    assert fresh(scene.hidden_post).is_hidden
    page = hider.page(scene.queue_url)
    assert "Du skjulte det selv, så en anden moderator eller en administrator afgør klagen." in page
    assert decide_url(scene.hidden_post, "vis-igen") not in page


def test_the_author_may_appeal_but_not_moderate(app, scene):
    author = Person(app, scene.author)
    assert author.get(appeal_url(scene.hidden_post)).status_code == 200
    assert author.post(act_url(scene.hidden_post, "vis")).status_code == 403
    assert author.post(decide_url(scene.hidden_post, "vis-igen")).status_code == 403
    assert author.get(scene.queue_url).status_code == 403
    assert author.post(report_url(scene.post), {"reason": "spam"}).status_code == 403


@pytest.mark.parametrize("who", ["moderator", "admin"])
def test_staff_without_two_factor_are_sent_to_set_it_up(app, scene, who):
    user = db.session.get(User, getattr(scene, who).id)
    user.totp_secret = None
    done()
    browser = Person(app, user)
    response = browser.get(scene.queue_url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/konto/totrin")
    before = audit_count()
    response = browser.post(act_url(scene.post, "skjul"), {"reason": "Chikane."})
    assert response.status_code == 302 and response.headers["Location"].startswith("/konto/totrin")
    assert audit_count() == before and not fresh(scene.post).is_hidden


def test_staff_who_skipped_the_code_this_session_must_log_in_again(app, scene):
    """A moderator who signed in before two-factor log-in was switched on has not used it."""
    secret = scene.moderator.totp_secret
    user = db.session.get(User, scene.moderator.id)
    user.totp_secret = None
    done()
    browser = Person(app, user)
    user = db.session.get(User, scene.moderator.id)
    user.totp_secret = secret
    done()
    response = browser.get(scene.queue_url)
    assert is_login_redirect(response, scene.queue_url)
