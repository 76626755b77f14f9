"""Forum services: threads, replies, edits, deletes and "genkender det", with their kept counters."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.core.errors import DomainError
from app.core.models import utcnow
from app.extensions import db
from app.forum import services
from app.forum.models import Post, Reaction, Thread
from app.networks.models import Network
from tests.factories import (
    first_post,
    join,
    lock,
    make_member,
    make_municipality,
    make_network,
    make_post,
    make_thread,
    network_by_slug,
)

pytestmark = pytest.mark.usefixtures("app_ctx")


def rows(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def fresh(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


@pytest.fixture
def network() -> Network:
    return make_network()


def test_starting_a_thread_stores_the_first_post_and_moves_the_counters(network):
    author = make_member(network, pseudonym="Mette")
    before = utcnow()
    thread = services.start_thread(author, network, "  Mit   møde \n med jobcentret ",
                                   "Det var **godt**.")
    db.session.commit()
    thread, network = fresh(thread), fresh(network)
    assert thread.title == "Mit møde med jobcentret"
    assert thread.post_count == 1 == rows(Post, Post.thread_id == thread.id)
    assert network.thread_count == 1 == rows(Thread, Thread.network_id == network.id)
    assert network.last_activity_at == thread.last_activity_at == thread.created_at >= before
    post = first_post(thread)
    assert post.author_id == author.id and post.body == "Det var **godt**."
    assert post.body_html.strip() == "<p>Det var <strong>godt</strong>.</p>"


def test_a_reply_moves_the_thread_and_network_activity(network):
    author, other = make_member(network), make_member(network)
    thread = make_thread(network, author)
    started = fresh(thread).last_activity_at
    reply = services.reply(other, thread, "Det kender jeg *godt*.")
    db.session.commit()
    thread, network, reply = fresh(thread), fresh(network), fresh(reply)
    assert thread.post_count == 2 == rows(Post, Post.thread_id == thread.id)
    assert thread.last_activity_at == network.last_activity_at == reply.created_at > started
    assert reply.body_html.strip() == "<p>Det kender jeg <em>godt</em>.</p>"
    assert network.thread_count == 1


def test_a_locked_thread_refuses_replies_with_its_reason(network):
    author = make_member(network)
    thread = make_thread(network, author)
    lock(thread, "Tråden er kørt af sporet.")
    with pytest.raises(DomainError) as raised:
        services.reply(author, thread, "Alligevel")
    assert raised.value.field == "body"
    assert "Tråden er låst" in raised.value.message and "kørt af sporet" in raised.value.message
    db.session.rollback()
    assert fresh(thread).post_count == 1 == rows(Post, Post.thread_id == thread.id)


def test_a_lock_without_reason_says_so(network):
    author = make_member(network)
    thread = make_thread(network, author, locked=True)
    with pytest.raises(DomainError, match="Ingen begrundelse givet"):
        services.reply(author, thread, "Alligevel")


def test_editing_rerenders_and_marks_the_time(network):
    author = make_member(network)
    post = first_post(make_thread(network, author, body="Før"))
    services.edit_post(author, post, "Efter [link](https://example.org)")
    db.session.commit()
    post = fresh(post)
    assert post.body == "Efter [link](https://example.org)"
    assert 'href="https://example.org"' in post.body_html and "Før" not in post.body_html
    assert post.edited_at is not None and post.edited_at >= post.created_at


def test_saving_the_same_text_is_not_an_edit(network):
    author = make_member(network)
    post = first_post(make_thread(network, author, body="Uændret"))
    services.edit_post(author, post, "Uændret")
    db.session.commit()
    assert fresh(post).edited_at is None


def test_deleted_or_locked_posts_cannot_be_edited(network):
    author = make_member(network)
    thread = make_thread(network, author)
    post = make_post(thread, author, "Mit svar")
    services.delete_post(author, post)
    with pytest.raises(DomainError, match="slettet og kan ikke rettes"):
        services.edit_post(author, post, "Nyt")
    db.session.rollback()
    other = first_post(thread)
    lock(thread)
    with pytest.raises(DomainError, match="låst"):
        services.edit_post(author, other, "Nyt")


def test_deleting_keeps_a_placeholder_and_drops_the_text_and_reactions(network):
    author, fan = make_member(network), make_member(network)
    thread = make_thread(network, author)
    post = make_post(thread, author, "Hemmeligt svar der skal væk")
    later = make_post(thread, fan, "Et svar efter")
    services.toggle_reaction(fan, post)
    db.session.commit()
    services.delete_post(author, post)
    db.session.commit()
    post = fresh(post)
    assert post.is_deleted and post.body == "" and post.body_html == "" and post.reaction_count == 0
    assert rows(Reaction, Reaction.post_id == post.id) == 0
    assert fresh(later).body == "Et svar efter"
    assert fresh(thread).post_count == 3 == rows(Post, Post.thread_id == thread.id)
    assert rows(Post, Post.body.contains("Hemmeligt")) == 0
    with pytest.raises(DomainError, match="allerede slettet"):
        services.delete_post(author, post)


def test_a_reaction_toggles_on_and_off(network):
    author, fan = make_member(network), make_member(network)
    post = first_post(make_thread(network, author))
    assert services.toggle_reaction(fan, post) is True
    db.session.commit()
    assert fresh(post).reaction_count == 1 == rows(Reaction, Reaction.post_id == post.id)
    assert services.toggle_reaction(fan, post) is False
    db.session.commit()
    assert fresh(post).reaction_count == 0 == rows(Reaction, Reaction.post_id == post.id)


def test_reaction_count_equals_the_rows_after_many_toggles(network):
    author = make_member(network)
    fans = [make_member(network) for _ in range(4)]
    posts = [first_post(make_thread(network, author))]
    posts.append(make_post(fresh(posts[0]).thread, author))
    sequence = [0, 1, 2, 0, 3, 1, 1, 2, 3, 3, 0, 2]  # each index toggles that fan's reaction
    for step, index in enumerate(sequence):
        services.toggle_reaction(fans[index], posts[step % 2])
        db.session.commit()
    for post in posts:
        count = rows(Reaction, Reaction.post_id == post.id)
        assert fresh(post).reaction_count == count
        expected = {fans[i].id for i in range(4)
                    if sum(1 for s, x in enumerate(sequence) if x == i and s % 2 == posts.index(post)) % 2}
        reactors = db.session.scalars(select(Reaction.user_id).where(Reaction.post_id == post.id))
        assert set(reactors) == expected


def test_the_database_allows_one_reaction_per_member_per_post(network):
    author, fan = make_member(network), make_member(network)
    post = first_post(make_thread(network, author))
    db.session.add(Reaction(post_id=post.id, user_id=fan.id))
    db.session.commit()
    db.session.add(Reaction(post_id=post.id, user_id=fan.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert rows(Reaction, Reaction.post_id == post.id) == 1


def test_a_reaction_already_there_from_a_double_click_is_not_counted_twice(network, monkeypatch):
    author, fan = make_member(network), make_member(network)
    post = first_post(make_thread(network, author))
    services.toggle_reaction(fan, post)
    db.session.commit()
    # The other click's SELECT ran before ours committed: it saw no reaction and tries to insert.
    monkeypatch.setattr(db.session, "scalar", lambda *a, **k: None)
    assert services.toggle_reaction(fan, post) is True
    monkeypatch.undo()
    db.session.commit()
    assert fresh(post).reaction_count == 1 == rows(Reaction, Reaction.post_id == post.id)


def test_counters_match_the_rows_after_a_mixed_history():
    municipality = make_municipality()
    one, two = network_by_slug(municipality, "dagpenge"), network_by_slug(municipality, "fleksjob")
    people = [make_member(one) for _ in range(3)]
    for person in people:
        join(person, two)
    threads = [make_thread(one, people[i % 3]) for i in range(4)]
    threads += [make_thread(two, people[0]) for _ in range(2)]
    for i, thread in enumerate(threads):
        for j in range(i):
            make_post(thread, people[j % 3])
    services.delete_post(people[0], first_post(threads[3]))
    db.session.commit()
    for network in (one, two):
        assert fresh(network).thread_count == rows(Thread, Thread.network_id == network.id)
    assert (fresh(one).thread_count, fresh(two).thread_count) == (4, 2)
    for i, thread in enumerate(threads):
        assert fresh(thread).post_count == rows(Post, Post.thread_id == thread.id) == i + 1


def test_network_activity_follows_the_newest_write():
    network = make_network()
    author = make_member(network)
    old = make_thread(network, author)
    new = make_thread(network, author)
    assert fresh(network).last_activity_at == fresh(new).last_activity_at
    reply = make_post(old, author)
    assert fresh(network).last_activity_at == fresh(reply).created_at == fresh(old).last_activity_at
    assert fresh(old).last_activity_at > fresh(new).last_activity_at


def test_posts_are_sanitised_when_stored(network):
    author = make_member(network)
    body = ("<script>alert(1)</script> [x](javascript:alert(1)) ![t](https://tracker.example/p.gif) "
            '<img src=x onerror="alert(1)">')
    post = first_post(make_thread(network, author, body=body))
    assert "<script" not in post.body_html and "<img" not in post.body_html
    assert not re.search(r"href=[\"']?\s*javascript:", post.body_html, re.I)
    assert not re.search(r"<[^>]*\son\w+\s*=", post.body_html)
    assert 'href="https://tracker.example/p.gif"' in post.body_html
    assert 'rel="nofollow ugc noopener noreferrer"' in post.body_html
    assert post.body == body  # the Markdown is kept for editing and quoting


def test_the_services_alert_the_moderators_of_crisis_text_once(network):
    from app.core.events import Event
    from app.core.guard import Verdict

    crisis = Verdict(crisis=True)
    author = make_member(network, pseudonym="Mette")

    def alerts() -> list[dict]:
        return [e.data for e in db.session.scalars(select(Event).where(
                    Event.kind == "moderation.crisis_alert").order_by(Event.id))]

    thread, new = services.start_thread_once(author, network, "Svært", "Tekst", "a" * 32, crisis)
    assert new and services.start_thread_once(author, network, "Svært", "Tekst", "a" * 32,
                                              crisis) == (thread, False)  # a resend
    post, _new = services.reply_once(author, thread, "Svar", "b" * 32, crisis)
    services.reply_once(author, thread, "Svar", "b" * 32, crisis)
    services.edit_post(author, post, "Svar", crisis)  # unchanged: no alert
    services.edit_post(author, post, "Rettet svar", crisis)
    services.reply_once(author, thread, "Roligt svar", "c" * 32)  # no crisis
    db.session.commit()
    assert alerts() == [{"thread_id": thread.id}, {"thread_id": thread.id, "post_id": post.id},
                        {"thread_id": thread.id, "post_id": post.id}]
