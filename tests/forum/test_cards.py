"""Kept post cards (app/forum/cards.py, app/core/fragments.py): a thread page looks exactly as
it would without them, for every kind of reader; each reader gets their own CSRF token and
their own pressed buttons; and a change to a post shows at the next request, though its old
card is still kept. The scene is moderation's (staff sign in with two-factor codes)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import current_app
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm.attributes import set_committed_value

from app.core.fragments import FragmentCache, fragments
from app.forum import services as forum_services
from tests.factories import make_post
from tests.moderation.builders import Person, act_url, build_scene, done, fresh, hide, settle

TOKEN = re.compile(r'(name="(?:csrf_token|submission_key)"[^>]*value=")[^"]*(")')
PRESSED = re.compile(r'aria-pressed="(true|false)"')
READERS = ("visitor", "citizen", "member", "reporter", "author", "moderator", "admin")


@pytest.fixture
def scene(app_ctx):
    made = build_scene("Kortby")
    made.thread_url = f"/traade/{made.thread.id}"
    # Posts by several people, one hidden and one deleted, so each kind of card is on the page.
    made.by_member = make_post(made.thread, made.member, "Jeg fik en ny sagsbehandler.")
    made.hidden = make_post(made.thread, made.reporter, "Noget der blev skjult.")
    made.deleted = make_post(made.thread, made.author, "Noget der blev slettet.")
    forum_services.delete_post(made.author, made.deleted)
    forum_services.toggle_reaction(made.member, made.post)
    done()
    hide(made.moderator, made.hidden, "Personlige oplysninger.")
    settle()
    return made


def reader(app, scene, who: str) -> Person:
    return Person(app, None if who == "visitor" else getattr(scene, who))


def tokens(page: str) -> set[str]:
    return set(re.findall(r'name="csrf_token"[^>]*value="([^"]*)"', page))


def session_part(page: str) -> set[str]:
    """The part of the page's CSRF tokens that comes from the session (not the time signed)."""
    return {token.split(".")[0] for token in tokens(page)}


def without_tokens(page: str) -> str:
    return TOKEN.sub(r"\1…\2", page)


def test_every_reader_sees_the_same_page_as_without_kept_cards(app, scene):
    people = {who: reader(app, scene, who) for who in READERS}
    kept = {}
    for who, person in people.items():
        person.page(scene.thread_url)  # fills the cache
        kept[who] = without_tokens(person.page(scene.thread_url))
    assert fragments().hits >= len(READERS)
    original = current_app.extensions["fragments"]
    current_app.extensions["fragments"] = FragmentCache(0)
    try:
        for who, person in people.items():
            assert without_tokens(person.page(scene.thread_url)) == kept[who], who
    finally:
        current_app.extensions["fragments"] = original
    # The readers did get different cards: the moderator sees the hidden text, the others not.
    assert "Noget der blev skjult." in kept["moderator"]
    assert "Noget der blev skjult." not in kept["member"] + kept["visitor"] + kept["author"]
    assert "Klag over, at dit indlæg er skjult" in kept["reporter"]


def test_a_card_kept_for_one_reader_carries_the_next_readers_own_token(app, scene):
    first, second = Person(app, scene.reporter), Person(app, scene.member)
    first_page = first.page(scene.thread_url)
    before = fragments().hits
    second_page = second.page(scene.thread_url)
    assert fragments().hits > before  # the cards of posts neither wrote were found kept
    assert len(tokens(first_page)) == 1 and len(tokens(second_page)) == 1
    assert tokens(first_page) != tokens(second_page)
    assert "\x00" not in first_page + second_page  # no placeholder ever leaves


def test_pressed_is_each_readers_own(app, scene):
    member, reporter = Person(app, scene.member), Person(app, scene.reporter)
    assert PRESSED.findall(member.page(scene.thread_url)).count("true") == 1
    assert PRESSED.findall(reporter.page(scene.thread_url)).count("true") == 0
    assert PRESSED.findall(member.page(scene.thread_url)).count("true") == 1


@pytest.mark.parametrize("change", ["hide", "edit", "react", "rename"])
def test_a_change_to_a_post_shows_at_once_though_its_old_card_is_kept(app, scene, change):
    member = Person(app, scene.member)
    before = member.page(scene.thread_url)
    assert "Samtalen blev flyttet uden varsel." in before
    kept = len(fragments())
    if change == "hide":
        Person(app, scene.moderator).post_then_page(act_url(scene.post, "skjul"),
                                                    {"reason": "Navngiver en medarbejder."})
        expected, gone = "Begrundelse: Navngiver en medarbejder.", "Samtalen blev flyttet uden varsel."
    elif change == "edit":
        Person(app, scene.author).post_then_page(f"/indlaeg/{scene.post.id}/rediger",
                                                 {"body": "Samtalen blev flyttet igen.", "submit": "x"})
        expected, gone = "Samtalen blev flyttet igen.", "Samtalen blev flyttet uden varsel."
    elif change == "react":
        Person(app, scene.reporter).post_then_page(f"/indlaeg/{scene.post.id}/genkender",
                                                   {"next": scene.thread_url})
        expected, gone = "Genkender det (2)", "Genkender det (1)"
    else:
        fresh(scene.author).pseudonym = "Forfatter Fie"
        done()
        expected, gone = "Forfatter Fie", "Forfatter Frede"
    assert len(fragments()) >= kept  # the old card was not thrown away: it is just not found
    after = member.page(scene.thread_url)
    assert expected in after and gone not in after


def submission_key(page: str) -> str:
    return re.search(r'name="submission_key"[^>]*value="([0-9a-f]{32})"', page).group(1)


def test_the_kept_reply_form_has_a_fresh_key_and_the_readers_token_and_saves_once(app, scene):
    member, reporter = Person(app, scene.member), Person(app, scene.reporter)
    first = member.page(scene.thread_url)
    again, other = member.page(scene.thread_url), reporter.page(scene.thread_url)
    assert fragments().hits > 0
    keys = {submission_key(page) for page in (first, again, other)}
    assert len(keys) == 3  # every form shown is a new form
    # The same session's token, though signed anew (with the time) for every page.
    assert session_part(again) == session_part(first) != session_part(other)
    form = {"body": "Et svar fra en gemt formular.", "submission_key": submission_key(again),
            "submit": "x"}
    for _ in range(2):  # the same form sent twice
        assert member.post(f"/traade/{scene.thread.id}/svar", form).status_code == 302
    assert member.page(scene.thread_url).count("Et svar fra en gemt formular.") == 1


def test_the_network_page_is_the_same_without_kept_rows_and_shows_a_change_at_once(app, scene):
    url = scene.base + "/"
    people = {who: reader(app, scene, who) for who in ("visitor", "member", "moderator")}
    kept = {who: without_tokens(person.page(url)) for who, person in people.items()}
    assert all(without_tokens(p.page(url)) == kept[w] for w, p in people.items())  # now from the cache
    original = current_app.extensions["fragments"]
    current_app.extensions["fragments"] = FragmentCache(0)
    try:
        for who, person in people.items():
            assert without_tokens(person.page(url)) == kept[who], who
    finally:
        current_app.extensions["fragments"] = original
    assert "5 indlæg" in kept["member"]  # the opening post, four replies (one hidden, one deleted)
    make_post(fresh(scene.thread), fresh(scene.member), "Et nyt svar.")
    Person(app, scene.moderator).post_then_page(act_url(scene.thread, "laas"), {"reason": "Ro på."})
    page = people["member"].page(url)
    assert "6 indlæg" in page and "5 indlæg" not in page and "Låst" in page


# --- the keys hold everything the pieces show ---------------------------------------------------
# A guard for later changes to the templates: change each column of a post (or thread), one at a
# time, and the piece either looks the same or gets another key. A template that starts showing
# a field its key lacks fails here, before a reader could see a stale piece.

def changed(value, column):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, datetime):
        return value + timedelta(minutes=7)
    if isinstance(value, str):
        return value + "x"
    if value is None:
        type_ = column.columns[0].type
        python_type = getattr(type_, "impl_instance", type_).python_type  # through a TypeDecorator
        return {str: "Noget andet", int: 1, datetime: datetime(2026, 5, 4, 3, 2, tzinfo=UTC)}[python_type]
    raise AssertionError(f"no change for {column.key} = {value!r}")


def copies(obj, model):
    """(column, a detached copy with that column changed) for every column, and the copy as is."""
    columns = list(sa_inspect(model).column_attrs)
    values = {c.key: getattr(obj, c.key) for c in columns}

    def copy(**change):
        made = model(**{**values, **change})
        for name in ("thread", "author", "network"):
            if name in sa_inspect(model).relationships:
                set_committed_value(made, name, getattr(obj, name))
        return made

    yield None, copy()
    for column in columns:
        yield column.key, copy(**{column.key: changed(values[column.key], column)})


@pytest.mark.parametrize("who", ["member", "author", "moderator", "reporter"])
def test_a_post_cards_key_changes_whenever_the_card_does(app, scene, who):
    from flask_login import login_user

    from app.forum.cards import PostCards
    from app.forum.models import Post
    from app.forum.rules import PostRights
    from app.moderation import rules as moderation_rules
    from app.moderation.targets import Target

    macro = app.jinja_env.get_template("forum/_post.html").module.post_card
    for post in (scene.post, scene.hidden, scene.deleted):
        post = fresh(post)
        with app.test_request_context(scene.thread_url):
            user = fresh(getattr(scene, who))
            login_user(user)
            thread = post.thread
            rights = PostRights(user, thread.network)
            cards = PostCards(macro, thread, rights, rights.moderates, True, {scene.post.id}, "t", "/",
                              user, moderation_rules.can_report, moderation_rules.can_appeal, Target)
            seen = {}
            for name, copy in copies(post, Post):
                card = cards.card(copy)
                seen[name] = (card.key, str(macro(card)))
            key, html = seen.pop(None)
            assert key is not None and hash(key) == hash(cards.card(post))
            for name, (other_key, other_html) in seen.items():
                assert other_html == html or other_key != key, (who, post.id, name)
            shown = {name for name, (_key, other_html) in seen.items() if other_html != html}
            # The card does copy what it shows (which fields depends on the post's state).
            expected = {"id", "created_at"}
            if not post.is_deleted:
                expected |= {"edited_at", "hidden_reason"} if post.is_hidden else {"edited_at"}
                if not post.is_hidden or who == "moderator":
                    expected |= {"body_html", "reaction_count"}
            assert expected <= shown, (who, post.id, expected - shown)
            # and the author's pseudonym, which is not a column of the post
            post.author.pseudonym += "x"
            assert str(macro(cards.card(post))) != html
            assert cards.card(post).key != key
            settle()


def test_a_thread_rows_key_changes_whenever_the_row_does(app, scene):
    from app.forum.cards import ThreadRows
    from app.forum.models import Thread

    macro = app.jinja_env.get_template("forum/_thread_row.html").module.thread_row
    thread = fresh(scene.thread)
    with app.test_request_context("/"):
        rows = ThreadRows(macro)
        seen = {name: (row.key, str(macro(row)))
                for name, row in ((name, rows.row(copy)) for name, copy in copies(thread, Thread))}
        key, html = seen.pop(None)
        changed_rows = [name for name, (other_key, other_html) in seen.items() if other_html != html]
        assert {"title", "post_count", "is_locked"} <= set(changed_rows)
        for name, (other_key, other_html) in seen.items():
            assert other_html == html or other_key != key, name
