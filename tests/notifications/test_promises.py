"""Issue 12, item 5: every text that promises a message is true. The inventory is read from the
translation catalogue (every text on the site is there, with its English): a promise that is
added without a walk here fails the first test; each walk does what the text is about and
finds the message where the text says it will be."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from app.core.db import commit
from app.core.guard import CRISIS_ALERT
from app.extensions import db
from app.focusgroups import services as focus
from app.focusgroups.models import FocusGroupState, Stratum
from app.networks.models import Membership
from app.networks.services import decide_pending, join_network
from app.notifications.models import FollowTarget, Notification
from app.notifications.services import set_follow
from app.notifications.setup import deliver_events
from tests.committee.builders import build_committee_scene, forward
from tests.factories import make_post, make_thread, make_user
from tests.focusgroups.builders import (
    build_focus_scene,
    close_volunteering,
    make_focus_group,
    members_in,
)
from tests.proposals.builders import done

CATALOGUE = Path(__file__).resolve().parents[2] / "translations/en/LC_MESSAGES/messages.po"
PROMISE = re.compile(r"\bfår besked\b|\bfået besked\b|\bVi skriver til di[gn]\b|Vi skriver, hvis|"
                     r"giver vi dig besked|får dem på ventelisten besked", re.IGNORECASE)

# Each promise on the site, and the test that walks it.
WALKED = {
    "Tak. En moderator ser på din anmodning. Du får besked, når du er godkendt.":
        "test_joining_a_members_only_network",
    "Du er med i lodtrækningen som nummer %(number)d. Du får besked, når vi har trukket lod.":
        "test_the_focus_group_draw",
    "Tak. Du er med i lodtrækningen. Du får besked her og på e-mail, når vi har trukket lod.":
        "test_the_focus_group_draw",
    "Når du trækker lod, lukker tilmeldingen. De udtrukne får besked på Borgernet og på e-mail.":
        "test_the_focus_group_draw",
    "Der er trukket lod. De udtrukne har fået besked.": "test_the_focus_group_draw",
    "Tilmeldingen er lukket. Nu kan du trække lod. De udtrukne får besked på Borgernet og på "
    "e-mail.": "test_the_focus_group_draw",
    "Du er nummer %(position)d på ventelisten. Vi skriver til dig, hvis der bliver en plads fri.":
        "test_a_free_seat_and_the_meeting_held",
    "Du er på ventelisten til fokusgruppen »%(topic)s«. Vi skriver, hvis du får en plads.":
        "test_a_free_seat_and_the_meeting_held",
    "Når mødet er holdt, skal du markere det. Så får dem på ventelisten besked, og du kan "
    "skrive en opsamling.": "test_a_free_seat_and_the_meeting_held",
    "Netværkets moderatorer har fået besked, så de kan holde øje.":
        "test_crisis_text_tells_the_moderators",
    "Du får besked, når nogen svarer dig, eller når der sker noget med dine forslag.":
        "test_replies_and_proposal_steps_reach_the_writer",
    "Du følger med og får besked om nyt her.": "test_replies_and_proposal_steps_reach_the_writer",
    "Du følger nu med og får besked om nyt.": "test_replies_and_proposal_steps_reach_the_writer",
    # Walked elsewhere: tests/accounts/test_password_reset.py::test_change_email_tells_the_old_address
    "Vi skriver til din gamle e-mail, når du har skiftet. Så opdager du det, hvis en anden har "
    "gjort det.": "tests/accounts/test_password_reset.py::test_change_email_tells_the_old_address",
    "Vi er ved at lave din fil. Der er meget, så det kan tage lidt tid. Du får besked, når den "
    "er klar, og linket kommer her på siden.":
        "tests/privacy/test_large_exports.py::test_the_owner_is_told_when_the_file_is_ready",
    # A promise about the terms themselves, kept by people, not by code.
    "Vi kan ændre vilkårene. Hvis vi laver store ændringer, giver vi dig besked på Borgernet.":
        "kept by the organisation (terms page)",
}


def told(user, kind: str | None = None) -> list[str]:
    deliver_events()
    return [n.event.kind for n in db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id))
        if kind is None or n.event.kind == kind]


def test_every_promise_on_the_site_is_walked():
    with CATALOGUE.open("rb") as file:
        catalogue = read_po(file)
    promises = {message.id for message in catalogue
                if isinstance(message.id, str) and PROMISE.search(message.id)}
    assert promises == set(WALKED), sorted(promises ^ set(WALKED))
    here = Path(__file__).read_text()
    for walk in set(WALKED.values()):
        assert f"def {walk}(" in here or "::" in walk or walk.startswith("kept"), walk


@pytest.fixture
def scene(app_ctx):
    return build_committee_scene()


def test_joining_a_members_only_network(scene):
    person = make_user(pseudonym="Ny Nina")
    join_network(person, scene.closed)
    commit()
    membership = db.session.scalar(select(Membership).where(Membership.user_id == person.id))
    decide_pending(membership, True, scene.moderator)
    commit()
    assert told(person) == ["networks.membership_approved"]


def test_replies_and_proposal_steps_reach_the_writer(scene):
    thread = make_thread(scene.network, scene.creator)
    set_follow(scene.member, FollowTarget.THREAD, thread.id, "follow")
    commit()
    make_post(thread, scene.voters[0])
    assert told(scene.creator, "forum.replied") == ["forum.replied"]
    assert told(scene.member, "forum.replied") == ["forum.replied"]
    forward(scene)
    assert "committee.forwarded" in told(scene.creator)


def test_crisis_text_tells_the_moderators(scene):
    from app.core.guard import check_text
    from app.forum.services import reply_once

    thread = make_thread(scene.network, scene.creator)
    verdict = check_text("Jeg er så træt. Jeg vil ikke leve mere.")
    assert verdict.crisis
    reply_once(scene.voters[0], thread, "Jeg er så træt. Jeg vil ikke leve mere.",
               verdict=verdict)
    commit()
    assert CRISIS_ALERT.name in told(scene.moderator)
    assert told(scene.other_moderator) == []


@pytest.fixture
def focus_scene(app_ctx):
    return build_focus_scene()


def _drawn(focus_scene, count: int = 6):
    people = members_in(focus_scene.network, count)
    focus_group = make_focus_group(focus_scene, FocusGroupState.OPEN, volunteers=[
        (person, Stratum.LONG) for person in people], seats=2, quotas={})
    close_volunteering(focus_group)
    focus.run_draw(focus_scene.moderator, focus_group)
    done()
    return focus_group, people


def test_the_focus_group_draw(focus_scene, smtp_server):
    focus_group, people = _drawn(focus_scene)
    kinds = [told(person) for person in people]
    assert sorted(k[0] for k in kinds) == sorted(["focusgroup.selected"] * 2
                                                  + ["focusgroup.waitlisted"] * 4)


def test_a_free_seat_and_the_meeting_held(focus_scene):
    focus_group, people = _drawn(focus_scene)
    rows = {row.user_id: row for row in focus.volunteers_of(focus_group)}
    selected = [p for p in people if told(p) == ["focusgroup.selected"]]
    first_waiting = min((rows[p.id] for p in people if p not in selected),
                        key=lambda row: row.waitlist_position)
    focus.give_up_seat(selected[0], rows[selected[0].id])
    done()
    assert "focusgroup.seat_offered" in told(first_waiting.user)
    focus.mark_held(focus_scene.moderator, focus_group,
                    now=focus_group.starts_at + timedelta(hours=2))
    done()
    still_waiting = [p for p in people if rows[p.id].waitlist_position and p.id !=
                     first_waiting.user_id]
    assert all("focusgroup.not_selected" in told(p) for p in still_waiting)
