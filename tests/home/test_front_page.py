"""The personal front page (app/home) and the unread markers on threads (app/forum/reading.py):
a visitor's front page and a signed-in person's, what each section holds, and what it never
holds (networks the person may not read, hidden content, other people's business)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.forum.reading import NetworkVisit, ThreadRead
from app.networks.models import JoinPolicy, Membership, Visibility
from app.networks.services import leave_network
from tests.committee.builders import answer, build_committee_scene, forward, receive, sign_in
from tests.factories import make_member, make_post, make_thread
from tests.moderation.builders import hide
from tests.proposals.builders import cast, done, invite, make_proposal, open_vote

UNREAD_ROW = re.compile(r'<li class="bn-thread-row bn-unread">\s*<a class="bn-thread-title" '
                        r'href="[^"]*"><span lang="da">([^<]+)</span><span class="sr-only">')


def unread_titles(page: str) -> list[str]:
    return UNREAD_ROW.findall(page)


def section(page: str, heading_id: str) -> str:
    """The text of one section of the front page."""
    match = re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', page, re.S)
    assert match, heading_id
    return match.group(1)


@pytest.fixture
def scene(app_ctx):
    scene = build_committee_scene()
    scene.reader = make_member(scene.network, pseudonym="Læser Lise")
    scene.writer = scene.voters[0]
    scene.front = "/"
    scene.network_url = f"/kommuner/{scene.municipality.slug}/{scene.network.slug}/"
    return scene


# --- visitor and signed-in --------------------------------------------------------------------

def test_a_visitor_keeps_the_public_front_page(app, scene):
    page = sign_in(app, None).page("/")
    assert "Opret profil" in page and "Sådan virker det" in page
    assert "Dine netværk" not in page


def test_a_person_in_no_network_is_told_where_to_find_one(app, scene):
    page = sign_in(app, scene.outsider).page("/")
    assert "Hej Udenfor Otto" in page
    assert "Du er ikke medlem af et netværk endnu" in page
    assert "Netværk i Forslagsby" in page  # where to find one
    assert "Du har ingen forslag under udarbejdelse" in page
    assert "Der er ingen åbne afstemninger, som venter på din stemme." in page
    assert "Udvalget har ikke svaret på nogen af dine forslag for nylig." in page
    assert "Opret profil" not in page


def test_a_member_sees_each_of_their_networks_and_nothing_new_at_first(app, scene):
    page = sign_in(app, scene.reader).page("/")
    networks = section(page, "mine-netvaerk")
    assert "Sygedagpenge · Forslagsby" in networks
    assert "Intet nyt siden dit sidste besøg." in networks
    assert unread_titles(page) == []


# --- what is new, and the unread markers ----------------------------------------------------

def test_a_new_thread_is_new_and_unread_until_the_member_reads_it(app, scene):
    reader = sign_in(app, scene.reader)
    thread = make_thread(scene.network, scene.writer, title="Hvordan gik jeres samtale?")
    page = reader.page("/")
    networks = section(page, "mine-netvaerk")
    assert "Nyt siden dit sidste besøg: 1 ny tråd og 0 nye svar." in networks
    first = db.session.scalar(select(ThreadRead).where(ThreadRead.user_id == scene.reader.id))
    assert first is None
    assert f'href="/indlaeg/{thread_first_post(thread)}"' in networks  # the first unread
    assert unread_titles(page) == ["Hvordan gik jeres samtale?"]
    assert unread_titles(reader.page(scene.network_url)) == ["Hvordan gik jeres samtale?"]

    reader.page(f"/traade/{thread.id}")  # reading it
    page = reader.page("/")
    assert unread_titles(page) == []
    assert "Intet nyt siden dit sidste besøg." in section(page, "mine-netvaerk")
    assert unread_titles(reader.page(scene.network_url)) == []


def thread_first_post(thread) -> int:
    from tests.factories import first_post

    return first_post(thread).id


def test_a_reply_by_someone_else_marks_the_thread_again_and_reading_it_clears_it(app, scene):
    reader = sign_in(app, scene.reader)
    thread = make_thread(scene.network, scene.reader, title="Min egen tråd")
    assert unread_titles(reader.page(scene.network_url)) == []  # my own post is not news
    reply = make_post(thread, scene.writer, "Det kender jeg godt.")
    page = reader.page("/")
    assert "Nyt siden dit sidste besøg: 0 nye tråde og 1 nyt svar." in section(page, "mine-netvaerk")
    assert f'href="/indlaeg/{reply.id}"' in page
    assert unread_titles(page) == ["Min egen tråd"]
    assert unread_titles(reader.page(scene.network_url)) == ["Min egen tråd"]
    # Visiting the network's list: nothing new since the visit, but the thread is still unread.
    page = reader.page("/")
    assert "Intet nyt siden dit sidste besøg." in section(page, "mine-netvaerk")
    assert unread_titles(page) == ["Min egen tråd"]
    reader.page(f"/traade/{thread.id}")
    assert unread_titles(reader.page(scene.network_url)) == []
    assert unread_titles(reader.page("/")) == []
    make_post(thread, scene.reader, "Tak for svaret.")  # my own reply marks nothing
    assert unread_titles(reader.page(scene.network_url)) == []


def test_reading_writes_one_marker_that_only_moves_forward(app, scene):
    reader = sign_in(app, scene.reader)
    thread = make_thread(scene.network, scene.writer, title="Fremad")
    later = make_post(thread, scene.writer)
    reader.page(f"/traade/{thread.id}")
    reader.page(f"/traade/{thread.id}?foer={later.id}")  # an earlier page of the thread
    reader.page(scene.network_url)
    db.session.expire_all()
    marks = db.session.scalars(select(ThreadRead)).all()
    assert [(m.user_id, m.thread_id, m.last_read_post_id) for m in marks] == [
        (scene.reader.id, thread.id, later.id)]
    visits = db.session.scalars(select(NetworkVisit)).all()
    assert [(v.user_id, v.network_id) for v in visits] == [(scene.reader.id, scene.network.id)]


def test_a_visitor_and_a_non_member_leave_no_visit(app, scene):
    sign_in(app, None).page(scene.network_url)
    sign_in(app, scene.outsider).page(scene.network_url)
    db.session.expire_all()
    assert db.session.scalars(select(NetworkVisit)).all() == []


# --- visibility: nothing the person may not read, nothing hidden -----------------------------

def test_hidden_threads_and_posts_are_never_new(app, scene):
    hidden_thread = make_thread(scene.network, scene.writer, title="Skjult tråd")
    hide(scene.moderator, hidden_thread)
    shown = make_thread(scene.network, scene.writer, title="Synlig tråd")
    hidden_reply = make_post(shown, scene.writer, "Skjult svar")
    browsers = {person: sign_in(app, person) for person in (scene.reader, scene.moderator)}
    for browser in browsers.values():  # not even for a moderator
        browser.page(f"/traade/{shown.id}")  # read before the reply was hidden
    hide(scene.moderator, hidden_reply)
    make_post(hidden_thread, scene.writer, "Svar i en skjult tråd")
    later_hidden = make_post(shown, scene.writer, "Endnu et skjult svar")
    hide(scene.moderator, later_hidden)
    for person, browser in browsers.items():
        page = browser.page("/")
        assert "Skjult tråd" not in page
        assert unread_titles(page) == [], person
        assert "Intet nyt siden dit sidste besøg." in section(page, "mine-netvaerk"), person
        assert unread_titles(browser.page(scene.network_url)) == [], person


def test_networks_the_person_may_not_read_never_show(app, scene):
    closed = scene.closed
    closed.visibility, closed.join_policy = Visibility.MEMBERS, JoinPolicy.OPEN
    done()
    insider = make_member(closed, pseudonym="Indenfor Ida")
    make_thread(closed, insider, title="Kun for medlemmer")
    page = sign_in(app, scene.reader).page("/")
    assert "Kun for medlemmer" not in page and "Ressourceforløb · Forslagsby" not in page

    # A person who leaves a network no longer sees it, or anything from it.
    leaver = make_member(closed, pseudonym="Gående Gorm")
    make_thread(closed, insider, title="Efter du gik")
    assert "Efter du gik" in sign_in(app, leaver).page("/")
    leave_network(leaver, closed)
    done()
    page = sign_in(app, leaver).page("/")
    assert "Efter du gik" not in page and "Ressourceforløb · Forslagsby" not in page


def test_a_pending_membership_is_not_one_of_my_networks(app, scene):
    closed = scene.closed
    closed.visibility, closed.join_policy = Visibility.MEMBERS, JoinPolicy.APPROVAL
    done()
    from tests.factories import join

    join(scene.outsider, closed)
    assert db.session.scalar(select(Membership.status).where(
        Membership.user_id == scene.outsider.id)).value == "pending"
    insider = make_member(closed, pseudonym="Indenfor Ida")
    make_thread(closed, insider, title="Kun for medlemmer")
    page = sign_in(app, scene.outsider).page("/")
    assert "Kun for medlemmer" not in page and "Du er ikke medlem af et netværk endnu" in page


# --- proposals, votes and answers -------------------------------------------------------------

def test_drafts_and_invitations_waiting_for_an_answer(app, scene):
    make_proposal(scene.network, scene.reader, title="Mit eget udkast")
    invited = make_proposal(scene.network, scene.writer, title="Skriv med på dette")
    invite(invited, scene.writer, scene.reader)
    hidden = make_proposal(scene.network, scene.reader, title="Mit skjulte udkast")
    hide(scene.moderator, hidden)
    page = section(sign_in(app, scene.reader).page("/"), "mine-forslag")
    assert "Mit eget udkast" in page and "Skriv med på dette" in page
    assert "Venter på dit svar" in page
    assert "Mit skjulte udkast" not in page
    assert "Samtale i telefonen" not in page  # someone else's proposal
    assert "Mit eget udkast" not in section(sign_in(app, scene.writer).page("/"), "mine-forslag")


def test_open_votes_i_have_not_voted_in_with_their_deadline(app, scene):
    voting = open_vote(make_proposal(scene.network, scene.creator, title="Stem om mig"),
                       scene.creator)
    page = section(sign_in(app, scene.reader).page("/"), "afstemninger")
    assert "Stem om mig" in page and "Fristen er" in page
    cast(voting, scene.reader, "for")
    page = section(sign_in(app, scene.reader).page("/"), "afstemninger")
    assert "Stem om mig" not in page
    assert "Der er ingen åbne afstemninger, som venter på din stemme." in page
    # Someone who joined after the vote opened may not vote in it; a stranger is no member.
    late = make_member(scene.network, pseudonym="Sen Søren")
    assert "Stem om mig" not in sign_in(app, late).page("/")
    assert "Stem om mig" not in sign_in(app, scene.outsider).page("/")
    # A hidden proposal's vote is not listed; nor is one whose deadline has passed.
    hidden = open_vote(make_proposal(scene.network, scene.creator, title="Skjult afstemning"),
                       scene.creator)
    hide(scene.moderator, hidden)
    over = open_vote(make_proposal(scene.network, scene.creator, title="Fristen er gået"),
                     scene.creator)
    over.vote_deadline = utcnow() - timedelta(minutes=1)
    done()
    page = sign_in(app, scene.member).page("/")
    assert "Skjult afstemning" not in page and "Fristen er gået" not in page


def test_committee_answers_to_proposals_i_wrote_or_voted_on(app, scene):
    answer(scene, receive(scene, forward(scene)))
    for person in (scene.creator, scene.voters[1]):  # wrote it; voted on it
        page = section(sign_in(app, person).page("/"), "udvalgets-svar")
        assert "Samtale i telefonen, når man er syg" in page and "Udvalget siger ja" in page
    page = section(sign_in(app, scene.reader).page("/"), "udvalgets-svar")  # neither
    assert "Samtale i telefonen" not in page
    assert "Udvalget har ikke svaret på nogen af dine forslag for nylig." in page
    # A voter never sees how they voted here: only that the committee answered.
    page = sign_in(app, scene.voters[1]).page("/")
    assert "Du stemte" not in page and "Din stemme" not in page


def test_an_answer_in_a_network_i_may_no_longer_read_is_not_shown(app, scene):
    answer(scene, receive(scene, forward(scene)))
    scene.network.visibility = Visibility.MEMBERS
    done()
    voter = scene.voters[2]
    leave_network(voter, scene.network)
    done()
    page = sign_in(app, voter).page("/")
    assert "Samtale i telefonen" not in page


def test_the_front_page_in_english(app, scene):
    from tests.factories import make_user

    english = make_user(pseudonym="English Emma", locale="en")
    from tests.factories import join

    join(english, scene.network)
    make_thread(scene.network, scene.writer, title="Ny tråd")
    page = sign_in(app, english).page("/")
    assert "Your networks" in page and "Hello English Emma" in page
    assert "New since your last visit: 1 new thread and 0 new replies." in page
    assert "new posts you have not read" in page and ">New<" in page
    assert "Votes you have not voted in" in page and "Answers from the committee" in page


def test_the_latest_threads_say_which_network_they_are_in(app, scene):
    make_thread(scene.network, scene.writer, title="Hvor er jeg?")
    page = section(sign_in(app, scene.reader).page("/"), "seneste-traade")
    assert "Sygedagpenge · Forslagsby · af Vælger 1" in " ".join(page.split())


def test_after_leaving_and_joining_again_news_count_from_the_new_membership(app, scene):
    from tests.factories import join

    reader = sign_in(app, scene.reader)
    reader.page(scene.network_url)  # a visit
    leave_network(scene.reader, scene.network)
    done()
    thread = make_thread(scene.network, scene.writer, title="Mens du var væk")
    join(scene.reader, scene.network)
    page = reader.page("/")
    assert "Intet nyt siden dit sidste besøg." in section(page, "mine-netvaerk")
    assert unread_titles(page) == []
    make_post(thread, scene.writer, "Et nyt svar")
    page = reader.page("/")
    assert "Nyt siden dit sidste besøg: 0 nye tråde og 1 nyt svar." in page
    assert unread_titles(page) == ["Mens du var væk"]
