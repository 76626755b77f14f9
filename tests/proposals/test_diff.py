"""Comparing two revisions: exactly the changed words are marked (<del> removed, <ins> added),
nothing else is, and the texts are escaped."""

from __future__ import annotations

import html
import re

import pytest
from markupsafe import Markup

from app.proposals.diff import changed_words, render_side, word_changes
from tests.proposals.builders import TEXT, Browser, build_scene, revise

OLD = "Sagsbehandleren ringer ikke tilbage, og vi venter i ugevis på svar."
NEW = "Sagsbehandleren svarer ikke, og vi venter i flere uger på svar."


def marked(fragment: str, tag: str) -> list[str]:
    """The words inside <tag> elements of a rendered fragment."""
    inners = re.findall(rf"<{tag}>(.*?)</{tag}>", fragment, re.S)
    return [word for inner in inners for word in html.unescape(inner).split()]


def unmarked(fragment: str) -> str:
    return html.unescape(re.sub(r"</?(del|ins)>", "", fragment))


@pytest.mark.parametrize(("old", "new", "removed", "added"), [
    (OLD, NEW, ["ringer", "tilbage", "ugevis"], ["svarer", "flere", "uger"]),
    ("Mødet varer en time", "Mødet varer to timer", ["en", "time"], ["to", "timer"]),
    ("Vi vil have hjælp", "Vi vil have mere hjælp", [], ["mere"]),
    ("Vi vil have mere hjælp", "Vi vil have hjælp", ["mere"], []),
    ("Samme tekst.", "Samme tekst.", [], []),
    ("Jobcentret skal ringe til borgeren hver uge.",
     "Jobcentret skal altid ringe til borgeren hver anden uge.", [], ["altid", "anden"]),
    ("Ring før kl. 10", "Ring før kl. 12", ["10"], ["12"]),
])
def test_changed_words_are_exactly_the_changed_words(old, new, removed, added):
    assert changed_words(old, new) == (removed, added)


def test_each_side_marks_only_its_changes_and_keeps_the_rest_verbatim():
    changes = word_changes(OLD, NEW)
    old_side, new_side = str(render_side(changes, "old")), str(render_side(changes, "new"))
    assert "<ins>" not in old_side and "<del>" not in new_side
    assert unmarked(old_side) == OLD and unmarked(new_side) == NEW
    removed, added = changed_words(OLD, NEW)
    assert marked(old_side, "del") == removed and marked(new_side, "ins") == added
    assert old_side.startswith("Sagsbehandleren <del>ringer</del>")
    assert new_side.startswith("Sagsbehandleren <ins>svarer</ins>")


def test_identical_texts_mark_nothing():
    changes = word_changes(OLD, OLD)
    assert [c.op for c in changes] == ["equal"]
    assert str(render_side(changes, "old")) == str(render_side(changes, "new")) == OLD.replace("'", "&#39;")


def test_html_in_the_texts_is_escaped():
    old, new = "Se <script>alert(1)</script> her", "Se <b>fed</b> her & der"
    changes = word_changes(old, new)
    old_side, new_side = render_side(changes, "old"), render_side(changes, "new")
    assert isinstance(old_side, Markup) and isinstance(new_side, Markup)
    for side in (str(old_side), str(new_side)):
        assert "<script" not in side and "<b>" not in side and not re.search(r"&(?!lt;|gt;|amp;|#39;)", side)
        assert re.sub(r"</?(del|ins)>", "", side).count("<") == 0  # only our own tags are markup
    assert unmarked(str(old_side)) == old and unmarked(str(new_side)) == new
    assert "script" in marked(str(old_side), "del")[0] and "&" in marked(str(new_side), "ins")
    assert "&amp;" in str(new_side) and "&lt;" in str(old_side)


# --- the /versioner page ------------------------------------------------------------------------

@pytest.fixture
def scene(app_ctx):
    made = build_scene()
    revise(made.proposal, made.creator, "Skarpere problem", problem=OLD)
    revise(made.proposal, made.creator, "Nye ord", problem=NEW,
           action="Jobcentret skal altid tilbyde samtale i telefonen eller på video.")
    return made


def sides(page: str) -> list[tuple[str, str]]:
    """(old side, new side) of each compared field, as raw HTML."""
    cells = re.findall(r'<p class="bn-diff">(.*?)</p>', page, re.S)
    assert len(cells) == 10, len(cells)
    return list(zip(cells[::2], cells[1::2], strict=True))


def test_the_page_marks_exactly_the_changed_words(app, scene):
    raw = Browser(app).raw(f"{scene.url}/versioner?fra=2&til=3").get_data(as_text=True)
    assert "Version 2 og version 3" in raw
    fields = dict(zip(("title", "summary", "problem", "action", "impact"), sides(raw), strict=True))
    for name in ("title", "summary", "impact"):
        old_side, new_side = fields[name]
        assert "<del>" not in old_side + new_side and "<ins>" not in old_side + new_side, name
        assert unmarked(old_side) == unmarked(new_side) == TEXT[name]
    old_side, new_side = fields["problem"]
    assert unmarked(old_side) == OLD and unmarked(new_side) == NEW
    assert marked(old_side, "del") == ["ringer", "tilbage", "ugevis"]
    assert marked(new_side, "ins") == ["svarer", "flere", "uger"]
    old_side, new_side = fields["action"]
    assert marked(old_side, "del") == [] and marked(new_side, "ins") == ["eller", "på", "video"]
    assert "<ins>" not in old_side and "<del>" not in new_side
    cells = "".join(old + new for old, new in fields.values())
    for tag in ("<del>", "<ins>", "</del>", "</ins>"):
        assert raw.count(tag) == cells.count(tag) > 0, tag  # nowhere else on the page


def test_any_two_revisions_can_be_compared_either_way(app, scene):
    raw = Browser(app).raw(f"{scene.url}/versioner?fra=3&til=1").get_data(as_text=True)
    old_side, new_side = sides(raw)[2]
    assert unmarked(old_side) == NEW and unmarked(new_side) == TEXT["problem"]
    removed, added = changed_words(NEW, TEXT["problem"])
    assert marked(old_side, "del") == removed and marked(new_side, "ins") == added


def test_script_in_a_revision_is_shown_escaped(app, scene):
    revise(scene.proposal, scene.creator, "<script>alert('besked')</script>",
           problem=NEW + " <script>alert('x')</script>", title="Titel <img src=x onerror=alert(1)>")
    browser = Browser(app, scene.member)
    raw = browser.raw(f"{scene.url}/versioner?fra=3&til=4").get_data(as_text=True)
    assert "<script>" not in raw and "<img" not in raw
    old_problem, new_problem = sides(raw)[2]
    assert unmarked(new_problem) == NEW + " <script>alert('x')</script>" and unmarked(old_problem) == NEW
    assert marked(new_problem, "ins") and "<script" not in new_problem
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in re.sub(r"</?ins>", "", new_problem)
    assert "&lt;img src=x onerror=alert(1)&gt;" in re.sub(r"</?ins>", "", sides(raw)[0][1])
    assert "&lt;script&gt;alert(&#39;besked&#39;)&lt;/script&gt;" in raw  # the message, in the table
    shown = browser.raw(scene.url).get_data(as_text=True)
    assert "<script>" not in shown and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in shown


def test_the_default_view_offers_the_two_newest_versions(app, scene):
    page = Browser(app).page(f"{scene.url}/versioner")
    assert "<del>" not in page and "<ins>" not in page
    assert re.search(r'<option value="2" selected>Version 2</option>', page)
    assert re.search(r'<option value="3" selected>Version 3</option>', page)


@pytest.mark.parametrize(("old", "new"), [("Vi er syge. Vi er trætte.", "Vi er syge.\n\nVi er trætte."),
                                          ("To  mellemrum", "To mellemrum")])
def test_whitespace_alone_is_not_marked(old, new):
    changes = word_changes(old, new)
    assert changed_words(old, new) == ([], [])
    old_side, new_side = str(render_side(changes, "old")), str(render_side(changes, "new"))
    assert "<del>" not in old_side and "<ins>" not in new_side
    assert old_side == old and new_side == new
