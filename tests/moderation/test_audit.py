"""The append-only audit log: every moderation action leaves exactly one entry (one per target
in a bulk action) saying who, what, about what, why and when; the network's moderators and the
admins read it; nothing in the app changes or deletes an entry."""

from __future__ import annotations

import inspect
import re
from datetime import timedelta
from pathlib import Path

import pytest

from app.core import audit
from app.core.audit import AuditEntry, record_audit
from app.core.models import utcnow
from app.extensions import db
from app.moderation.events import MEMBER_WARNED
from tests.factories import make_thread
from tests.moderation.builders import (
    Person,
    act_url,
    appeal,
    audit_count,
    audit_entries,
    build_scene,
    decide_url,
    done,
    hide,
    in_a_week,
    is_login_redirect,
    report,
    settle,
)

APP_DIR = Path(__file__).resolve().parents[2] / "app"
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
LOG_ENDPOINTS = {"moderation.show_log", "moderation.show_full_log"}


@pytest.fixture
def scene(app_ctx):
    return build_scene()


def _row(entry: AuditEntry) -> tuple:
    return tuple(getattr(entry, column.key) for column in AuditEntry.__table__.columns)


def _lock(s) -> None:
    s.thread.is_locked, s.thread.lock_reason = True, "Gammel."
    done()


def _pin(s) -> None:
    s.thread.is_pinned = True
    done()


def _hidden_and_appealed(s) -> None:
    hide(s.second_moderator, s.post, "For personligt.")
    appeal(s.author, s.post)


# name, prepare(scene), url(scene), form data, action written, target column, reason written
ACTIONS = [
    ("dismiss", lambda s: report(s.reporter, s.post), lambda s: act_url(s.post, "afvis-anmeldelser"),
     {"reason": "Indholdet er i orden."}, "reports.dismissed", "post", "Indholdet er i orden."),
    ("hide post", None, lambda s: act_url(s.post, "skjul"), {"reason": "Chikane."},
     "content.hidden", "post", "Chikane."),
    ("hide thread", None, lambda s: act_url(s.thread, "skjul"), {"reason": "Spam."},
     "content.hidden", "thread", "Spam."),
    ("hide proposal", None, lambda s: act_url(s.proposal, "skjul"), {"reason": "Reklame."},
     "content.hidden", "proposal", "Reklame."),
    ("hide comment", None, lambda s: act_url(s.comment, "skjul"), {"reason": "Et navn."},
     "content.hidden", "comment", "Et navn."),
    ("restore", lambda s: hide(s.moderator, s.post), lambda s: act_url(s.post, "vis"),
     {"reason": "Fejl."}, "content.restored", "post", "Fejl."),
    ("lock", None, lambda s: act_url(s.thread, "laas"), {"reason": "Kørt af sporet."},
     "thread.locked", "thread", "Kørt af sporet."),
    ("unlock", _lock, lambda s: act_url(s.thread, "laas-op"), {"reason": "Roligt igen."},
     "thread.unlocked", "thread", "Roligt igen."),
    ("pin", None, lambda s: act_url(s.thread, "fastgoer"), {}, "thread.pinned", "thread", ""),
    ("unpin", _pin, lambda s: act_url(s.thread, "frigoer"), {}, "thread.unpinned", "thread", ""),
    ("suspend", None, lambda s: f"{s.queue_url}/udeluk",
     {"s-pseudonym": "Forfatter Frede", "s-until": in_a_week(), "s-reason": "Personangreb."},
     "member.suspended", None, "Personangreb."),
    ("warn", None, lambda s: f"{s.queue_url}/advar",
     {"w-pseudonym": "Forfatter Frede", "w-text": "Husk tonen."}, "member.warned", None,
     "Husk tonen."),
    ("decide appeal: restore", _hidden_and_appealed, lambda s: decide_url(s.post, "vis-igen"),
     {"reason": "Det var i orden."}, "appeal.restored", "post", "Det var i orden."),
    ("decide appeal: uphold", _hidden_and_appealed, lambda s: decide_url(s.post, "fasthold"), {},
     "appeal.upheld", "post", ""),
]


@pytest.mark.parametrize(("name", "prepare", "url", "data", "action", "kind", "reason"),
                         ACTIONS, ids=[a[0] for a in ACTIONS])
def test_every_action_leaves_exactly_one_entry(app, scene, name, prepare, url, data, action,
                                               kind, reason):
    if prepare is not None:
        prepare(scene)
    earlier = [_row(e) for e in audit_entries()]
    moderator = Person(app, scene.moderator)
    started = utcnow() - timedelta(seconds=1)
    response = moderator.post(url(scene), data)
    assert response.status_code == 302 and not is_login_redirect(response)
    settle()
    entries = audit_entries()
    assert len(entries) == len(earlier) + 1, [e.action for e in entries]
    assert [_row(e) for e in entries[:-1]] == earlier  # nothing before it changed
    entry = entries[-1]
    assert entry.action == action
    assert entry.actor_id == scene.moderator.id and entry.actor.pseudonym == "Moderator Mona"
    assert entry.reason == reason
    assert entry.network_id == scene.network.id
    assert entry.municipality_id == scene.municipality.id
    assert started <= entry.created_at <= utcnow() + timedelta(seconds=1)
    targets = {k: getattr(entry, f"{k}_id") for k in ("post", "thread", "proposal", "comment")}
    if kind is None:
        assert targets == dict.fromkeys(targets)
        assert entry.subject_user_id == scene.author.id
    else:
        assert targets == {k: (getattr(scene, k).id if k == kind else None) for k in targets}
        assert entry.subject_user_id is None


def test_bulk_actions_leave_one_entry_per_target(app, scene):
    for obj in (scene.post, scene.thread, scene.proposal):
        report(scene.reporter, obj)
    moderator = Person(app, scene.moderator)
    before = audit_count()
    moderator.post_then_page(f"{scene.queue_url}/samlet", {
        "targets": [f"post:{scene.post.id}", f"thread:{scene.thread.id}"], "action": "dismiss"})
    assert audit_count() == before + 2
    moderator.post_then_page(f"{scene.queue_url}/samlet", {
        "targets": [f"proposal:{scene.proposal.id}", f"post:{scene.post.id}"], "action": "hide",
        "reason": "Spam."})
    entries = audit_entries()
    assert len(entries) == before + 4
    assert [(e.action, e.post_id, e.thread_id, e.proposal_id, e.reason) for e in entries[-4:]] == [
        ("reports.dismissed", scene.post.id, None, None, ""),
        ("reports.dismissed", None, scene.thread.id, None, ""),
        ("content.hidden", None, None, scene.proposal.id, "Spam."),
        ("content.hidden", scene.post.id, None, None, "Spam."),
    ]


@pytest.mark.parametrize(("who", "url", "data"), [
    ("moderator", lambda s: act_url(s.post, "skjul"), {"reason": ""}),
    ("moderator", lambda s: act_url(s.post, "vis"), {}),
    ("moderator", lambda s: act_url(s.post, "afvis-anmeldelser"), {}),
    ("moderator", lambda s: act_url(s.thread, "laas"), {"reason": ""}),
    ("moderator", lambda s: act_url(s.thread, "frigoer"), {}),
    ("moderator", lambda s: decide_url(s.post, "vis-igen"), {}),
    ("moderator", lambda s: f"{s.queue_url}/udeluk",
     {"s-pseudonym": "Forfatter Frede", "s-until": "2001-01-01", "s-reason": "Grund."}),
    ("moderator", lambda s: f"{s.queue_url}/advar", {"w-pseudonym": "Ingen", "w-text": "Hej."}),
    ("moderator", lambda s: f"{s.queue_url}/samlet", {"targets": [], "action": "dismiss"}),
    ("other_moderator", lambda s: act_url(s.post, "skjul"), {"reason": "Chikane."}),
    ("member", lambda s: act_url(s.post, "skjul"), {"reason": "Chikane."}),
], ids=["hide-no-reason", "restore-visible", "dismiss-nothing", "lock-no-reason", "unpin-unpinned",
        "decide-no-appeal", "suspend-past", "warn-non-member", "bulk-nothing", "other-moderator",
        "member"])
def test_refused_actions_leave_no_entry(app, scene, who, url, data):
    hide(scene.admin, make_thread(scene.network, scene.author))  # an entry that must stay as is
    earlier = [_row(e) for e in audit_entries()]
    Person(app, getattr(scene, who)).post(url(scene), data)
    settle()
    assert [_row(e) for e in audit_entries()] == earlier


# --- reading the log ----------------------------------------------------------------------------

def test_the_log_shows_who_what_target_reason_and_when(app, scene):
    hide(scene.second_moderator, scene.post, "Navngiver en sagsbehandler.")
    hide(scene.other_moderator, make_thread(scene.other_network, scene.other_moderator,
                                            title="Andet sted"), "Hører til i et andet netværk.")
    for who in ("moderator", "admin"):
        page = Person(app, getattr(scene, who)).page(scene.log_url)
        assert "Moderator Mads" in page and "Skjult" in page
        assert f'href="/indlaeg/{scene.post.id}">Indlæg {scene.post.id}</a>' in page
        assert "Navngiver en sagsbehandler." in page
        assert re.search(r'<td data-title="Tidspunkt">\d{2}\.\d{2}\.\d{4}', page), "no time shown"
        assert "Hører til i et andet netværk." not in page  # another network's log
    full = Person(app, scene.admin).page("/moderation/log")
    assert "Navngiver en sagsbehandler." in full and "Hører til i et andet netværk." in full


def test_only_the_networks_moderators_and_admins_read_the_log(app, scene):
    hide(scene.moderator, scene.post, "Navngiver en sagsbehandler.")
    assert is_login_redirect(Person(app).get(scene.log_url), scene.log_url)
    for who in ("citizen", "member", "author", "other_moderator", "committee_here"):
        response = Person(app, getattr(scene, who)).get(scene.log_url)
        assert response.status_code == 403, who
        assert Person(app, getattr(scene, who)).get("/moderation/log").status_code == 403, who
    assert Person(app, scene.moderator).get("/moderation/log").status_code == 403


def test_the_log_pages_back_in_time(app, scene):
    for i in range(55):
        record_audit(MEMBER_WARNED, actor=scene.moderator, reason=f"Advarsel {i:02d}.",
                     network_id=scene.network.id, subject_user=scene.author)
    done()
    moderator = Person(app, scene.moderator)
    page = moderator.page(scene.log_url)
    assert "Advarsel 54." in page and "Advarsel 05." in page and "Advarsel 04." not in page
    older = re.search(r'href="([^"]+\?foer=\d+)">Ældre handlinger', page).group(1)
    page = moderator.page(older)
    assert "Advarsel 04." in page and "Advarsel 00." in page and "Advarsel 05." not in page
    assert "Ældre handlinger" not in page
    assert moderator.get(f"{scene.log_url}?foer=abc").status_code == 200


# --- never editable -----------------------------------------------------------------------------

def _view_source(app, endpoint: str) -> str:
    try:
        return inspect.getsource(inspect.unwrap(app.view_functions[endpoint]))
    except (OSError, TypeError):  # built-in views such as static
        return ""


def test_no_route_changes_or_deletes_an_entry(app):
    audit_words = re.compile(r"AuditEntry|audit_entries|audit_log\b|queries\.audit_log")
    readers = set()
    for rule in app.url_map.iter_rules():
        source = _view_source(app, rule.endpoint)
        if audit_words.search(source):
            readers.add(rule.endpoint)
            assert not (rule.methods & WRITE_METHODS), (
                f"{rule.endpoint} ({rule.rule}) touches the audit log and takes "
                f"{sorted(rule.methods & WRITE_METHODS)}")
    # The only views that read the log are moderation's two read-only log pages.
    assert readers == LOG_ENDPOINTS
    for rule in app.url_map.iter_rules():
        if rule.endpoint in LOG_ENDPOINTS:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_log_pages_refuse_every_writing_method(app, scene, method):
    moderator, admin = Person(app, scene.moderator), Person(app, scene.admin)
    for browser, url in ((moderator, scene.log_url), (admin, "/moderation/log")):
        response = getattr(browser.client, method)(url, data={"csrf_token": browser.token})
        assert response.status_code == 405, (url, method)


def test_the_audit_module_only_appends():
    functions = {name for name, value in vars(audit).items()
                 if inspect.isfunction(value) and value.__module__ == audit.__name__}
    assert functions == {"record_audit"}
    public = [name for name in vars(audit) if not name.startswith("_")]
    assert not [name for name in public if re.search(r"update|delete|remove|edit|change|purge",
                                                     name, re.I)]
    source = inspect.getsource(record_audit)
    assert "db.session.add(entry)" in source and "delete" not in source


def test_no_code_in_the_app_updates_or_deletes_entries():
    patterns = [
        r"(update|delete)\(\s*AuditEntry\b",
        r"AuditEntry\.__table__\.(update|delete)",
        r"query\(\s*AuditEntry\s*\)[^\n]*\.(update|delete)\(",
        r"(?i)(update\s+audit_entries|delete\s+from\s+audit_entries|truncate\s+audit_entries)",
    ]
    offenders = []
    for path in APP_DIR.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for pattern in patterns:
            offenders += [f"{path.relative_to(APP_DIR)}: {m.group(0)}"
                          for m in re.finditer(pattern, source)]
    assert offenders == []


def test_an_entry_survives_what_it_was_about(app_ctx, scene):
    """The log keeps the entry when the thread it was about goes: only the link is cleared."""
    hide(scene.moderator, scene.thread, "Spam.")
    [entry] = audit_entries()
    db.session.delete(scene.thread)
    done()
    settle()
    [kept] = audit_entries()
    assert kept.id == entry.id and kept.action == "content.hidden" and kept.reason == "Spam."
    assert kept.thread_id is None and kept.actor_id == scene.moderator.id
