"""Issue 12: content-free e-mail, received on a real SMTP server on loopback. At once for staff,
daily or weekly digests for citizens (only after they have been away, never at night, each
notification once), opt-in titles (never a network), and the one-click unsubscribe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.committee.models import local_today
from app.core.db import commit
from app.core.events import Event
from app.extensions import db
from app.networks.models import BENEFIT_GROUP_LABELS
from app.notifications import mailing, services
from app.notifications.models import Delivery, Notification
from app.notifications.setup import deliver_events
from app.notifications.topics import TOPICS
from tests.committee.builders import build_committee_scene, forward
from tests.conftest import body_text
from tests.factories import make_post, make_thread
from tests.moderation.builders import report
from tests.proposals.builders import Browser

MORNING = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # 10:00 in Copenhagen
NIGHT = datetime(2026, 12, 7, 21, 30, tzinfo=UTC)  # 22:30 in Copenhagen


@pytest.fixture
def scene(app_ctx):
    scene = build_committee_scene()
    deliver_events()
    db.session.execute(Notification.__table__.delete())
    commit()
    return scene


def everything(message) -> str:
    """Every byte a reader or a mail server sees: headers, text and HTML."""
    headers = "\n".join(f"{name}: {value}" for name, value in message.items())
    html = message.get_body(("html",)).get_content()
    return "\n".join((headers, body_text(message), html))


def forbidden(scene) -> list[str]:
    """What a content-free mail must never say: anyone's pseudonym, the network, the
    benefit group, the municipality."""
    people = [scene.creator, scene.coauthor, scene.member, scene.moderator, scene.committee,
              *scene.voters]
    return [*(p.pseudonym for p in people), scene.network.slug, scene.municipality.name,
            scene.municipality.slug, *(str(label) for label in BENEFIT_GROUP_LABELS.values())]


def test_a_moderator_is_mailed_at_once_without_content_and_can_unsubscribe(app, scene,
                                                                            smtp_server):
    thread = make_thread(scene.network, scene.creator, title="Hemmelig overskrift")
    report(scene.member, thread)
    [message] = smtp_server.messages
    assert message["To"] == scene.moderator.email
    assert message["Subject"] == "Borgernet: nyt siden sidst"
    seen = everything(message)
    for word in [*forbidden(scene), "Hemmelig overskrift"]:
        assert word not in seen, word
    assert "1 ny anmeldelse eller krisealarm" in body_text(message)
    assert app.config["BASE_URL"] + "/beskeder\n" in body_text(message).replace("\r\n", "\n")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    address = message["List-Unsubscribe"].strip("<>")
    path = address[address.index("/afmeld/"):]

    visitor = Browser(app)  # the mail program: no log-in, no CSRF token (RFC 8058)
    assert "Stop e-mails" in visitor.page(path)
    assert services.delivery_for(scene.moderator.id, "staff_reports") is Delivery.NOW  # GET: no
    assert visitor.client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    db.session.rollback()  # end the test's read snapshot: the server wrote since
    assert services.delivery_for(scene.moderator.id, "staff_reports") is Delivery.IN_APP
    report(scene.coauthor, thread)
    assert len(smtp_server.messages) == 1  # no more mail ...
    assert len(db.session.scalars(select(Notification).where(
        Notification.user_id == scene.moderator.id)).all()) == 2  # ... but still in the app
    assert visitor.client.post("/afmeld/forfalsket").status_code == 404


def test_a_weekly_digest_holds_each_reply_once_and_waits_a_week(app, scene, smtp_server):
    thread = make_thread(scene.network, scene.creator, title="Min overskrift")
    for person in scene.voters[:2]:
        make_post(thread, person)
    deliver_events()
    assert smtp_server.messages == []  # weekly by default: nothing at once
    assert mailing.send_digests(NIGHT) == 0  # never at night
    assert mailing.send_digests(MORNING) == 1
    [digest] = smtp_server.messages
    assert digest["To"] == scene.creator.email
    assert "2 nye svar i tråde, du følger" in body_text(digest)
    for word in [*forbidden(scene), "Min overskrift"]:
        assert word not in everything(digest), word
    assert mailing.send_digests(MORNING + timedelta(hours=1)) == 0  # each reply once
    make_post(thread, scene.voters[2])
    deliver_events()
    assert mailing.send_digests(MORNING + timedelta(days=3)) == 0  # a week has not passed
    assert mailing.send_digests(MORNING + timedelta(days=7, hours=1)) == 1
    assert "1 nyt svar i en tråd, du følger" in body_text(smtp_server.messages[-1])


def test_no_digest_for_someone_who_has_been_here_since(app, scene, smtp_server):
    make_post(make_thread(scene.network, scene.creator), scene.voters[0])
    deliver_events()
    creator_id = scene.creator.id
    commit()  # the visit is saved on a connection of its own, as on a page view
    assert services.seen(creator_id, now=datetime.now(UTC) + timedelta(minutes=1))
    assert mailing.send_digests(MORNING + timedelta(days=30)) == 0


def test_titles_only_when_asked_and_never_the_network(app, scene, smtp_server):
    services.set_choices(scene.creator, {"replies": Delivery.NOW.value}, show_titles=True)
    scene.creator.locale = "en"
    commit()
    make_post(make_thread(scene.network, scene.creator, title="Min overskrift"), scene.voters[0])
    [message] = smtp_server.messages
    seen = everything(message)
    assert "Min overskrift" in seen and "Borgernet: new since last time" in seen
    assert "1 new reply in a thread you follow" in body_text(message)
    for word in forbidden(scene):
        assert word not in seen, word


def test_every_topic_renders_content_free_in_both_languages(app, scene, smtp_server):
    """One notification of every kind of every topic, about the scene's thread and proposal:
    the mail counts them and says nothing else about them."""
    thread = make_thread(scene.network, scene.creator, title="Trådens titel")
    post = make_post(thread, scene.voters[0])
    events = []
    for topic in TOPICS:
        for kind in topic.kinds:
            events.append((topic.key, Event(
                kind=kind, actor_id=scene.voters[0].id, recipient_id=scene.creator.id,
                network_id=scene.network.id, proposal_id=scene.passed.id, notified=True,
                data={"thread_id": thread.id, "post_id": post.id, "topic": "Fokusgruppens emne",
                      "text": "Advarslens tekst", "reason": "Moderatorens begrundelse",
                      "municipality_slug": scene.municipality.slug,
                      "network_slug": scene.network.slug})))
    db.session.add_all(event for _key, event in events)
    db.session.flush()
    for key, event in events:
        db.session.add(Notification(user_id=scene.creator.id, event_id=event.id, topic=key))
    commit()
    for locale in ("da", "en"):
        scene.creator.locale = locale
        db.session.query(Notification).update({"mailed_at": None})
        commit()
        waiting = list(db.session.scalars(select(Notification).where(
            Notification.user_id == scene.creator.id)))
        mailing._send(scene.creator, waiting, False, MORNING)
        commit()
        seen = everything(smtp_server.messages[-1])
        for word in [*forbidden(scene), "Trådens titel", scene.passed.title,
                     "Fokusgruppens emne", "Advarslens tekst", "Moderatorens begrundelse"]:
            assert word not in seen, (locale, word)
    assert len(smtp_server.messages) == 2


def test_a_command_without_a_request_mails_links_to_base_url(app, smtp_server):
    """`flask remind-committee` (like a job worker) runs with no request: the reminder's mail is
    still built, with links under BASE_URL (url_for alone cannot build them there)."""
    with app.app_context():
        scene = build_committee_scene()
        forwarding = forward(scene)
        forwarding.due_on = local_today() + timedelta(days=7)
        commit()
        committee_email = scene.committee.email
    smtp_server.messages.clear()
    result = app.test_cli_runner().invoke(args=["remind-committee"])
    assert result.exit_code == 0 and "Recorded 1 reminder(s)." in result.output, result.output
    (mail,) = [m for m in smtp_server.messages if m["To"] == committee_email]
    assert f"{app.config['BASE_URL']}/beskeder" in body_text(mail)
