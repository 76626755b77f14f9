"""Issue 12: events become notifications for exactly the people they concern; the bell and the
list show only a person's own, and never what they may no longer see; following and muting;
the delivery settings. Mail is in test_mail.py."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from app.core.db import commit
from app.extensions import db
from app.forum.models import Post
from app.forum.services import reply_once
from app.networks.models import Membership
from app.networks.services import decide_pending, join_network
from app.notifications import services
from app.notifications.models import (
    Delivery,
    FollowTarget,
    Notification,
    NotificationProfile,
)
from app.notifications.setup import SEEN_KEY, deliver_events
from app.proposals import services as proposal_services
from tests.committee.builders import answer, build_committee_scene, forward, receive, sign_in
from tests.factories import make_member, make_post, make_thread, make_user
from tests.moderation.builders import hide, report
from tests.proposals.builders import Browser, done, make_proposal, open_vote


def told(user, topic: str | None = None) -> list[Notification]:
    deliver_events()
    query = select(Notification).where(Notification.user_id == user.id)
    if topic:
        query = query.where(Notification.topic == topic)
    return list(db.session.scalars(query.order_by(Notification.id)))


@pytest.fixture
def scene(app_ctx):
    scene = build_committee_scene()
    deliver_events()  # what the scene's making recorded is not what the tests look at
    db.session.execute(Notification.__table__.delete())
    commit()
    return scene


def test_a_reply_tells_the_threads_author_and_a_quoted_author_not_the_writer(scene):
    author, quoted, writer, bystander = scene.creator, scene.voters[0], scene.voters[1], scene.voters[2]
    thread = make_thread(scene.network, author, title="Hvordan går jeres samtaler?")
    quoted_post = make_post(thread, quoted, "Min samtale gik godt.")
    assert [n.topic for n in told(author)] == ["replies"]  # the first reply
    reply_once(writer, thread, "> Citat\n\nEnig.", quoted=quoted_post)
    commit()
    assert len(told(author, "replies")) == 2 and len(told(quoted, "replies")) == 1
    assert told(writer) == [] and told(bystander) == []


def test_following_a_thread_tells_and_muting_it_wins(scene):
    author, follower, writer = scene.creator, scene.voters[0], scene.voters[1]
    thread = make_thread(scene.network, author)
    services.set_follow(follower, FollowTarget.THREAD, thread.id, "follow")
    services.set_follow(author, FollowTarget.THREAD, thread.id, "mute")
    commit()
    make_post(thread, writer)
    assert len(told(follower, "replies")) == 1 and told(author) == []
    services.set_follow(follower, FollowTarget.NETWORK, scene.network.id, "mute")
    commit()
    make_post(thread, writer)
    assert len(told(follower, "replies")) == 1  # the network is muted now


def test_a_vote_opening_tells_the_networks_members_but_not_the_opener(scene):
    proposal = make_proposal(scene.network, scene.creator, title="Kortere ventetid")
    services.set_follow(scene.voters[2], FollowTarget.NETWORK, scene.network.id, "mute")
    commit()
    open_vote(proposal, scene.moderator)
    assert [n.topic for n in told(scene.voters[0])] == ["votes"]
    assert told(scene.moderator) == [] and told(scene.voters[2]) == []
    assert told(scene.other_moderator) == []  # another network


def test_the_committees_answer_reaches_authors_and_voters_and_forwarding_the_committee(scene):
    forwarding = forward(scene)
    assert [n.topic for n in told(scene.committee)] == ["staff_committee"]
    assert [n.topic for n in told(scene.creator)] == ["proposals"]
    assert told(scene.other_committee) == []
    answer(scene, receive(scene, forwarding))
    for person in (scene.creator, *scene.voters):
        assert "answers" in [n.topic for n in told(person)], person.pseudonym
    assert told(scene.member, "answers") == []  # did not write, vote or follow


def test_a_coauthor_invitation_and_a_moderators_decision_reach_the_person(scene):
    proposal_services.invite_coauthor(scene.creator, scene.proposal, scene.member)
    done()
    assert [n.topic for n in told(scene.member)] == ["invitations"]
    thread = make_thread(scene.network, scene.member)
    hide(scene.moderator, thread)
    assert "moderation" in [n.topic for n in told(scene.member)]


def test_a_report_and_a_crisis_alert_reach_the_networks_moderators(scene):
    thread = make_thread(scene.network, scene.creator)
    report(scene.member, thread)
    assert [n.topic for n in told(scene.moderator)] == ["staff_reports"]
    assert told(scene.other_moderator) == []


def test_membership_decisions_keep_the_promise_on_the_join_page(scene):
    """networks/routes.py: "Du får besked, når du er godkendt." — and when declined, too."""
    approved, declined = make_user(pseudonym="Venter Vera"), make_user(pseudonym="Venter Vagn")
    for person in (approved, declined):
        join_network(person, scene.closed)
    commit()
    pending = {m.user_id: m for m in db.session.scalars(select(Membership).where(
        Membership.network_id == scene.closed.id))}
    decide_pending(pending[approved.id], True, scene.moderator)
    decide_pending(pending[declined.id], False, scene.moderator)
    commit()
    assert [n.topic for n in told(approved)] == ["membership"]
    assert [n.topic for n in told(declined)] == ["membership"]


def test_off_means_no_notification_at_all(scene):
    services.set_choices(scene.creator, {"replies": Delivery.OFF.value}, show_titles=False)
    commit()
    make_post(make_thread(scene.network, scene.creator), scene.voters[0])
    assert told(scene.creator) == []


def test_each_event_is_delivered_once_even_if_fanned_out_again(scene):
    thread = make_thread(scene.network, scene.creator)
    make_post(thread, scene.voters[0])
    deliver_events()
    deliver_events()
    assert len(told(scene.creator)) == 1


# Over HTTP: the bell, the list, reading, and what may not be seen --------------------------

def test_the_bell_counts_and_the_list_shows_and_marks_read(app, scene):
    thread = make_thread(scene.network, scene.creator, title="Min tråd om breve")
    for person in scene.voters:
        make_post(thread, person)
    deliver_events()
    browser = Browser(app, scene.creator)
    front = browser.page("/")
    assert "Beskeder" in front and "3<span class=\"sr-only\"> ulæste" in front
    listing = browser.page("/beskeder")
    assert listing.count("<strong>Nyt svar i en tråd</strong>") == 3 and "Min tråd om breve" in listing
    first = told(scene.creator)[0]
    opened = browser.raw(f"/beskeder/{first.id}", 302)
    assert "/indlaeg/" in opened.headers["Location"]
    assert "2<span class=\"sr-only\"> ulæste" in browser.page("/beskeder")
    assert browser.post("/beskeder/laest").status_code == 302
    assert "ulæste" not in browser.page("/beskeder") and "ulæst<" not in browser.page("/")


def test_opening_a_notification_as_the_first_page_of_a_visit_notes_the_visit(app, scene):
    """The visit is noted on a connection of its own after the page: opening a notification
    (a GET that marks it read in the request) must not meet a stale SQLite snapshot."""
    make_post(make_thread(scene.network, scene.creator, title="Første side"), scene.voters[0])
    [first] = told(scene.creator)
    browser = Browser(app, scene.creator)
    with browser.client.session_transaction() as cookie:
        cookie.pop(SEEN_KEY, None)  # a new visit: the visit is due to be noted
    db.session.execute(delete(NotificationProfile))
    commit()
    assert "/indlaeg/" in browser.raw(f"/beskeder/{first.id}", 302).headers["Location"]
    db.session.expire_all()
    assert db.session.get(Notification, first.id).read_at is not None
    assert db.session.get(NotificationProfile, scene.creator.id).last_seen_at is not None


def test_nobody_sees_or_opens_another_persons_notification(app, scene):
    make_post(make_thread(scene.network, scene.creator, title="Privat tråd"), scene.voters[0])
    [mine] = told(scene.creator)
    other = Browser(app, scene.member)
    assert "Privat tråd" not in other.page("/beskeder")
    other.raw(f"/beskeder/{mine.id}", 404)
    assert other.post(f"/beskeder/{mine.id}/laest").status_code == 404
    db.session.refresh(mine)
    assert mine.read_at is None
    Browser(app).raw("/beskeder", 302)  # a visitor is asked to log in


def test_hidden_content_never_shows_in_a_notification(app, scene):
    thread = make_thread(scene.network, scene.creator, title="Tråden før")
    make_post(thread, scene.voters[0], "Et svar, der bliver skjult.")
    visible = Browser(app, scene.creator).page("/beskeder")
    assert "Tråden før" in visible and "Et svar, der bliver skjult." not in visible  # no excerpt
    [notice] = told(scene.creator, "replies")
    hide(scene.moderator, db.session.get(Post, notice.event.data["post_id"]))
    shown = Browser(app, scene.creator).page("/beskeder")
    assert "Tråden før" not in shown and "kan du ikke se længere" in shown

    member_left = make_member(scene.closed, pseudonym="Forlader Finn")
    closed_thread = make_thread(scene.closed, member_left, title="Lukket netværk")
    make_post(closed_thread, make_member(scene.closed, pseudonym="Svarer Sif"))
    deliver_events()
    db.session.execute(Membership.__table__.delete().where(
        Membership.user_id == member_left.id))
    commit()
    browser = Browser(app, member_left)
    page = browser.page("/beskeder")
    assert "Lukket netværk" not in page and "kan du ikke se længere" in page
    [gone] = told(member_left, "replies")
    assert browser.raw(f"/beskeder/{gone.id}", 302).headers["Location"].endswith("/beskeder")


def test_the_bell_and_the_list_cost_the_same_with_10_and_1000(app, scene, count_queries):
    from app.core.events import Event

    def give(count: int):
        events = [Event(kind="forum.replied", actor_id=scene.voters[0].id,
                        network_id=scene.network.id, data={}, notified=True)
                  for _ in range(count)]
        db.session.add_all(events)
        db.session.flush()
        db.session.add_all(Notification(user_id=scene.creator.id, event_id=e.id,
                                        topic="replies") for e in events)
        commit()

    browser = Browser(app, scene.creator)
    counts = []
    for size in (10, 990):
        give(size)
        for url in ("/", "/beskeder"):
            with count_queries() as counter:
                browser.raw(url)
            counts.append(counter.count)
    assert counts[:2] == counts[2:], counts


def test_following_needs_the_right_to_read(app, scene):
    closed_thread = make_thread(scene.closed, make_member(scene.closed))
    browser = Browser(app, scene.member)
    assert browser.post(f"/foelg/thread/{closed_thread.id}", {"choice": "follow"}).status_code == 403
    assert browser.post(f"/foelg/nonsens/{closed_thread.id}", {"choice": "follow"}).status_code == 404
    thread = make_thread(scene.network, scene.creator)
    done_ = browser.post(f"/foelg/thread/{thread.id}", {"choice": "follow",
                                                         "next": f"/traade/{thread.id}"})
    assert done_.status_code == 302 and done_.headers["Location"].endswith(f"/traade/{thread.id}")
    assert services.follow_state(scene.member, FollowTarget.THREAD, thread.id) == "follow"
    assert "Du følger med" in browser.page(f"/traade/{thread.id}")
    assert browser.post(f"/foelg/thread/{thread.id}", {"choice": "hack"}).status_code == 302
    assert services.follow_state(scene.member, FollowTarget.THREAD, thread.id) == "follow"


def test_settings_show_a_citizen_the_citizens_topics_and_keep_bad_input(app, scene):
    browser = Browser(app, scene.member)
    page = browser.page("/beskeder/indstillinger")
    assert "Svar i dine tråde" in page and "krisealarmer" not in page
    bad = browser.post("/beskeder/indstillinger", {"replies": "sometimes", "votes": "now"})
    assert bad.status_code == 422 and "Vælg en af mulighederne" in bad.get_data(as_text=True)
    ok = browser.post("/beskeder/indstillinger", {"replies": "daily", "votes": "off",
                                                   "show_titles": "y"})
    assert ok.status_code == 302
    chosen = services.choices(scene.member.id)
    assert chosen["replies"] is Delivery.DAILY and chosen["votes"] is Delivery.OFF
    assert chosen["answers"] is Delivery.WEEKLY and services.shows_titles(scene.member.id)
    staff = sign_in(app, scene.moderator).page("/beskeder/indstillinger")
    assert "krisealarmer" in staff
    assert db.session.scalar(select(func.count()).select_from(Notification)) >= 0
