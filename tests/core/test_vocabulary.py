"""The kinds of events and audit actions (app/core/vocabulary.py): every kind a feature declares
is registered with a label in both languages, no kind is written as a string anywhere but in
its declaration, and an unknown kind fails loudly."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from flask_babel import force_locale

import app as app_package
from app.core.events import messages_for, record_event
from app.core.vocabulary import (
    EventKind,
    UnknownKind,
    kind,
    label_of,
    names_to_member,
    register_kinds,
    registered,
)
from app.moderation import events as moderation_events
from tests.factories import make_user
from tests.moderation.builders import Person, build_scene, done, hide

ROOT = Path(__file__).resolve().parents[2]
# Calls whose first argument is a kind (the one door for each log, and the features' helpers).
RECORDERS = {"record_event", "record_audit", "_audit", "_step", "_event"}


def declared_kinds() -> dict[str, EventKind]:
    """Every EventKind a module of the app holds at its top level, by name."""
    found: dict[str, EventKind] = {}
    for module in pkgutil.walk_packages(app_package.__path__, "app."):
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, EventKind):
                assert found.setdefault(value.name, value) is value, f"{value.name} declared twice"
    return found


def test_every_declared_kind_is_registered_with_a_label_in_both_languages(app_ctx):
    declared = declared_kinds()
    assert len(declared) >= 30
    assert {name: registered().get(name) for name in declared} == declared
    assert set(registered()) == set(declared)
    for name, found in declared.items():
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", name), name
        danish = label_of(name)
        with force_locale("en"):
            english = label_of(name)
        assert danish and english and danish != name and english != danish, name
        if found.to_member:
            assert found.link_text is None or found.link is not None, name


def written_as_a_string(name: str, text: str) -> bool:
    """Whether `name` is a quoted string in `text` other than an endpoint (moderation.report is
    both a kind and the report page's endpoint)."""
    return any(not re.search(r"(url_for|UrlForEach)\(\s*$", text[:found.start()])
               for found in re.finditer(rf"""["']{re.escape(name)}["']""", text))


def test_no_kind_is_written_as_a_string_outside_its_declaration():
    names = set(declared_kinds())
    sources = [*ROOT.joinpath("app").rglob("*.py"), *ROOT.joinpath("templates").rglob("*.html")]
    texts = {path.relative_to(ROOT).as_posix(): path.read_text() for path in sources}
    for name in names:
        places = [path for path, text in texts.items() if written_as_a_string(name, text)]
        assert len(places) == 1 and places[0].endswith(("events.py", "guard.py")), (name, places)
    assert written_as_a_string("a.b", "x = 'a.b'") and not written_as_a_string(
        "a.b", "url_for('a.b', id=1)")


def test_every_recorder_is_called_with_a_declared_constant_not_a_string():
    for path in ROOT.joinpath("app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in RECORDERS:
                first = node.args[0]
                assert not isinstance(first, ast.Constant | ast.JoinedStr), (path, node.lineno)


def test_an_unknown_kind_fails_loudly(app_ctx):
    someone = make_user("Nogen Nielsen")
    with pytest.raises(UnknownKind):
        record_event(EventKind("forum.not_registered", "x"), actor=someone)
    with pytest.raises(UnknownKind):
        record_event("moderation.warning", actor=someone)  # a string, not the declared kind
    with pytest.raises(UnknownKind):  # a copy under a registered name is not the declared kind
        record_event(EventKind("moderation.warning", "x"), actor=someone)
    with pytest.raises(UnknownKind):
        kind("forum.not_registered")
    with pytest.raises(ValueError, match="twice"):
        register_kinds(app_ctx, moderation_events.WARNED)
    assert label_of("forum.not_registered") == "forum.not_registered"  # an old row still shows


def test_the_messages_to_a_member_are_the_kinds_that_say_so(app_ctx):
    assert set(names_to_member()) == {"moderation.warning", "moderation.hidden",
                                      "moderation.suspended", "moderation.appeal_decided",
                                      "focusgroup.selected", "focusgroup.waitlisted",
                                      "focusgroup.not_selected", "focusgroup.seat_offered",
                                      "focusgroup.reminder", "focusgroup.cancelled"}
    member = make_user("Modtager Mia")
    for declared in (moderation_events.WARNED, moderation_events.REPORTED):
        record_event(declared, recipient=member, text="Hej")
    done()
    assert [event.kind for event in messages_for(member.id)] == ["moderation.warning"]


def test_a_hidden_post_is_told_to_its_author_with_a_link_to_it(app):
    with app.test_request_context():
        scene = build_scene("Linkby")
        hide(scene.moderator, scene.post, "Navngiver <en> medarbejder.")
        done()
        post_id = scene.post.id
        profile = Person(app, scene.author).get("/konto/profil").get_data(as_text=True)
    messages = profile.split("Beskeder fra moderatorerne", 1)[1]
    assert ("Noget, du skrev, er skjult af en moderator. Begrundelse: Navngiver &lt;en&gt; "
            f'medarbejder. <a href="/indlaeg/{post_id}">Se det og klag, hvis du er uenig</a>'
            ) in messages
