"""A page view writes nothing but what a person has seen: every GET route of the app, crawled
as a visitor, a citizen, a moderator, a committee member and an admin over data in every
state, issues no INSERT, UPDATE or DELETE (writes belong to POSTs, through core.edge.write, and
to `flask close-votes`), except two named allow-lists:

- READ_MARKERS: what a person has read is recorded when they read it (app/forum/reading.py),
  as one upsert into a read-marker table; not even an UPDATE or DELETE of those tables.
- BOOKKEEPING: the last visit (app/notifications/setup.py) and the read mark of a notification
  that is opened.

The crawl builds its addresses from ``app.url_map`` itself, so a GET route added later is
crawled too; a route whose arguments the crawl cannot fill fails the test until it learns
them (ARGUMENTS below)."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from app.accounts import tokens
from app.accounts.services import make_reset_token
from app.core.models import utcnow
from app.extensions import db
from app.focusgroups.models import FocusGroupState, Stratum
from app.networks.models import BenefitGroup
from app.notifications.mailing import unsubscribe_token
from app.notifications.models import Notification
from app.pages.routes import INFO_PAGES
from app.privacy import downloads
from app.privacy.models import StoredExport
from app.proposals.models import ProposalState
from app.surveys import services as survey_services
from app.surveys.follow_up import publish_follow_up
from app.surveys.services import today as survey_today
from tests.committee.builders import answer, build_committee_scene, forward, receive, sign_in
from tests.factories import make_post, make_thread, make_user
from tests.focusgroups.builders import make_focus_group
from tests.moderation.builders import appeal, hide, report
from tests.proposals.builders import (
    _settle,
    add_coauthor,
    cast,
    comment,
    decided,
    done,
    make_proposal,
    open_vote,
    withdraw,
)

WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
TABLE = re.compile(r"\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+(\w+)", re.IGNORECASE)
# The only writes a page view may make: remembering what a person has seen. Each names the
# table and the endpoints allowed to write it (None: any page, for a signed-in person).
BOOKKEEPING = {
    # The last visit, at most every 10 minutes (app/notifications/setup.py): a digest goes
    # only to someone who has been away.
    "notification_profiles": None,
    # Opening a notification (a plain link, also in mails) marks it read.
    "notifications": {"notifications.open_notification"},
}
# The allow-list, and all of it: the upsert of a read marker (app/forum/reading.py), when a
# person views a thread page (thread_reads) or, as a member, a network's thread list
# (network_visits). Spelled out here rather than imported, so widening it shows in this test.
READ_MARKERS = ("thread_reads", "network_visits")
READ_MARKER_UPSERT = re.compile(
    r"\s*INSERT\s+INTO\s+(" + "|".join(READ_MARKERS) + r")\s*\(", re.IGNORECASE)
SKIPPED = {
    # Files from static/: no application code runs and the database is never touched.
    "static",
}
# Routes that answer no one in the crawl with a page, and why:
NEVER_SHOWN = [
    "accounts.login_two_factor",  # only between the password and the code of a log-in
    "forum.show_post",  # a link to a post: redirects to its thread
    "notifications.open_notification",  # opens what it is about: a redirect
    "proposals.show_comment",  # a link to a comment: redirects to its proposal
    "surveys.answer_step",  # a survey page: only after starting an answer (a POST)
]
ROLES = ("visitor", "citizen", "moderator", "committee", "admin")


@pytest.fixture
def world(app, app_ctx):
    """One municipality with content in every state the pages distinguish."""
    scene = build_committee_scene()
    network, creator, voters = scene.network, scene.creator, scene.voters
    proposals = {"drafting": scene.proposal, "passed": scene.passed}
    proposals["voting"] = open_vote(make_proposal(network, creator, title="Til afstemning"),
                                    creator)
    overdue = open_vote(make_proposal(network, creator, title="Fristen er gået"), creator)
    for voter in voters:
        cast(overdue, voter, "for")
    overdue.vote_deadline = utcnow() - timedelta(minutes=5)
    done()
    proposals["overdue"] = overdue
    proposals["not_passed"] = decided(network, creator, voters, for_=1, against=2,
                                      title="Faldt")
    withdrawn = make_proposal(network, creator, title="Trukket tilbage")
    withdraw(withdrawn, creator)
    proposals["withdrawn"] = withdrawn
    forwarded = forward(scene)
    answered = decided(network, creator, voters, for_=3, title="Besvaret af udvalget")
    answer(scene, receive(scene, forward(scene, answered)))
    proposals["answered"] = answered
    hidden_proposal = make_proposal(network, creator, title="Skjult forslag")
    hide(scene.moderator, hidden_proposal)
    proposals["hidden"] = hidden_proposal

    add_coauthor(scene.proposal, creator, scene.member)  # the citizen may edit a draft
    thread = make_thread(network, creator, title="En tråd om samtaler")
    posts = [make_post(thread, author) for author in (voters[0], scene.member, scene.member)]
    report(scene.coauthor, posts[0])
    report(scene.coauthor, thread)
    hide(scene.moderator, posts[1])
    appeal(scene.member, posts[1])  # the citizen's hidden post
    remark = comment(scene.passed, scene.member, "En kommentar, der bliver anmeldt.")
    report(scene.coauthor, remark)
    done()
    assert forwarded.proposal.state is ProposalState.FORWARDED
    assert proposals["answered"].state is ProposalState.ANSWERED
    assert proposals["overdue"].state is ProposalState.VOTING and overdue.vote_is_over

    # A focus group in each state; the citizen has a seat in the drawn one (its calendar file).
    focus_groups = [make_focus_group(scene, state, volunteers=[(scene.member, Stratum.LONG)]
                                     if state is FocusGroupState.DRAWN else [(voters[0], Stratum.SHORT)]
                                     if state in (FocusGroupState.HELD, FocusGroupState.SUMMARISED)
                                     else ()) for state in FocusGroupState]
    survey = survey_services.create_survey(scene.municipality)
    survey.created_at = utcnow() - timedelta(days=70)  # closed periods to answer, one answered
    closed = survey_services.period_of(survey, survey_today() - timedelta(days=40))
    publish_follow_up(scene.committee, survey, survey_services.period_of(
        survey, survey_today() - timedelta(days=70)), "Vi har hørt jer.", survey_today())
    _batch, codes = survey_services.generate_codes(
        survey, BenefitGroup.DAGPENGE, survey_services.period_of(survey, survey_today()), 2)
    survey_services.submit_answer(survey, survey_services.Answer("dagpenge", "telefon", False),
                                  survey_today(), code=codes[1])
    done()

    # The citizen's notifications (made after each commit): a moderator hid their post.
    notice = db.session.scalar(select(Notification).where(
        Notification.user_id == scene.member.id).order_by(Notification.id).limit(1))
    assert notice is not None
    unconfirmed = make_user(pseudonym="Ubekraeftet", confirmed=False)
    stored_export = downloads.request_export(scene.member)  # a large export, ready for its link
    done()
    downloads.build(stored_export)
    secret = app.config["SECRET_KEY"]
    m, n = scene.municipality.slug, network.slug
    targets = [("post", posts[0].id), ("post", posts[1].id), ("thread", thread.id),
               ("proposal", scene.passed.id), ("proposal", hidden_proposal.id),
               ("comment", remark.id)]
    arguments = {
        ("municipality_slug",): [(m,)],
        ("network_slug",): [(n,)],
        ("proposal_id",): [(p.id,) for p in proposals.values()],
        ("thread_id",): [(thread.id,)],
        ("post_id",): [(p.id,) for p in posts],
        ("comment_id",): [(remark.id,), (scene.comments[0].id,)],
        ("kind", "target_id"): targets,
        ("slug",): [(slug,) for slug in INFO_PAGES],
        ("focus_group_id",): [(focus_group.id,) for focus_group in focus_groups],
        ("survey_id",): [(survey.id,)],
        ("period",): [(closed,), (survey_services.period_of(survey, survey_today()),)],
        ("step",): [(1,)],
        ("code",): [(codes[0],)],
        ("notification_id",): [(notice.id,)],
        ("network_id",): [(network.id,)],
        ("user_id",): [(scene.member.id,)],  # the admin's account page of the citizen
        # A live link of each kind a mail carries: password reset, sign-up, change of e-mail.
        ("token",): [(make_reset_token(scene.member, secret),),
                     (tokens.make_token(unconfirmed, secret, tokens.CONFIRM_ACCOUNT),),
                     (tokens.make_token(scene.member, secret, tokens.CHANGE_EMAIL,
                                        e="ny-adresse@example.org"),),
                     (unsubscribe_token(scene.member.id, ["replies"]),),
                     (downloads.link_token(db.session.get(StoredExport, stored_export)),)],
    }
    people = {"visitor": None, "citizen": scene.member, "moderator": scene.moderator,
              "committee": scene.committee, "admin": scene.admin}
    return arguments, people, scene


def urls(app, arguments) -> dict[str, str]:
    """Every GET route with every combination of the seeded values for its arguments: the
    address and its endpoint."""
    adapter = app.url_map.bind("localhost")
    found = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED:
            continue
        groups = [key for key in arguments if set(key) <= rule.arguments]
        filled = {name for key in groups for name in key}
        assert filled == set(rule.arguments), f"the crawl cannot fill {rule.rule}"
        for combination in itertools.product(*(arguments[key] for key in groups)):
            values = {name: value for key, row in zip(groups, combination, strict=True)
                      for name, value in zip(key, row, strict=True)}
            found[adapter.build(rule.endpoint, values)] = rule.endpoint
    return found


def bookkeeping(statement: str, endpoint: str) -> bool:
    table = TABLE.match(statement)
    if table is None or table.group(1) not in BOOKKEEPING:
        return False
    endpoints = BOOKKEEPING[table.group(1)]
    return endpoints is None or endpoint in endpoints


def crawl(app, browser, pages: dict[str, str]) -> tuple[list[str], dict[str, int], set[str]]:
    """GET every page; the write statements the app issued, each page's status code, and the
    endpoints that saved a read marker (the allow-list)."""
    writes: list[str] = []
    statuses: dict[str, int] = {}
    marked: set[str] = set()

    def listen(conn, cursor, statement, parameters, context, executemany):
        if READ_MARKER_UPSERT.match(statement):
            marked.add(pages[page])
        elif WRITE.match(statement) and not bookkeeping(statement, pages[page]):
            writes.append(f"{page}: {statement.split(chr(10))[0][:80]}")

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", listen)
    try:
        for page in pages:
            response = browser.client.get(page)
            _settle()
            statuses[page] = response.status_code
            assert response.status_code < 500, (page, response.status_code)
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    return writes, statuses, marked


def test_the_allow_list_is_the_read_markers_and_nothing_else():
    from app.forum.reading import READ_MARKER_TABLES

    assert set(READ_MARKERS) == set(READ_MARKER_TABLES)
    assert READ_MARKER_UPSERT.match("INSERT INTO thread_reads (user_id, thread_id, "
                                    "last_read_post_id) VALUES (1, 2, 3) ON CONFLICT ...")
    for other in ("INSERT INTO posts (thread_id) VALUES (1)",
                  "INSERT INTO thread_reads_copy (user_id) VALUES (1)",
                  "UPDATE thread_reads SET last_read_post_id=4",
                  "DELETE FROM network_visits"):
        assert WRITE.match(other) and not READ_MARKER_UPSERT.match(other), other


def test_no_get_route_writes_to_the_database(app, world):
    arguments, people, _scene = world
    pages = urls(app, arguments)
    assert len(pages) > 60
    shown: dict[str, set[str]] = {}  # endpoint -> the roles it answered 200
    for role in ROLES:
        writes, statuses, marked = crawl(app, sign_in(app, people[role]), pages)
        assert writes == [], f"{role}: a GET wrote:\n" + "\n".join(writes)
        # Read markers are saved by the thread page and, for a member, the network's list.
        assert marked <= {"forum.show_thread", "forum.show_network"}, (role, marked)
        assert ("forum.show_thread" in marked) == (role != "visitor"), (role, marked)
        print(role, sorted(Counter(statuses.values()).items()))
        # The crawl must really read pages, not bounce off log-in redirects, 403s and 404s.
        assert sum(code == 200 for code in statuses.values()) >= 30, role
        for page, code in statuses.items():
            shown.setdefault(pages[page], set()).update({role} if code == 200 else set())
    never = sorted(endpoint for endpoint, roles in shown.items() if not roles)
    assert never == NEVER_SHOWN, never
