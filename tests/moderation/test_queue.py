"""Issue 12, item 4: staff find their work.

A moderator has one queue across every network they moderate (`/moderation`): open reports,
membership requests in closed networks, crisis alerts and appeals, counted and listed, in a
fixed number of statements. Crisis alerts can be marked handled; each reported text has its
own actions; the header's badge and the front page lead there. A committee member has
"Udvalget" in the menu and on the front page; the forwarding dashboard is linked from the
network page and from the queue."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.core.audit import AuditEntry
from app.extensions import db
from app.networks.services import appoint_moderator
from tests.factories import join, make_post, make_thread, make_user, network_by_slug
from tests.moderation.builders import (
    Person,
    act_url,
    alert_url,
    audit_count,
    build_scene,
    crisis_alert,
    done,
    is_handled,
    report,
    reports_of,
    settle,
)

QUEUE = "/moderation"


@pytest.fixture
def scene(app_ctx):
    """build_scene, and Moderator Mona also moderates Modby's closed Ressourceforløb network."""
    s = build_scene()
    s.closed = network_by_slug(s.municipality, "ressourceforloeb")
    appoint_moderator(s.moderator, s.closed)
    done()
    s.closed_base = f"/kommuner/{s.municipality.slug}/{s.closed.slug}"
    return s


def _work(s, count: int, start: int = 0) -> None:
    """`count` of each: a reported post (Modby Dagpenge), a membership request (Ressourceforløb)
    and a crisis alert (Dagpenge)."""
    for i in range(start, start + count):
        thread = make_thread(s.network, s.author, title=f"Tråd nummer {i}")
        post = make_post(thread, s.member, f"Indlæg nummer {i}.")
        report(s.reporter, post, "other", f"Anmeldelse nummer {i}.")
        join(make_user(pseudonym=f"Ansøger {i}"), s.closed)
        crisis_alert(s.member, post)
    settle()


# --- the queue --------------------------------------------------------------------------------

def test_a_moderator_has_one_queue_across_their_networks(app, scene):
    _work(scene, 2)
    # Work in a network Mona does not moderate stays out of her queue.
    elsewhere = make_thread(scene.other_network, scene.other_moderator, title="Fremmed tråd")
    stranger = make_user(pseudonym="Fremmed Melder")
    join(stranger, scene.other_network)
    report(stranger, elsewhere, "spam", "Anmeldelse i et andet netværk.")
    page = Person(app, scene.moderator).page(QUEUE)
    assert "Moderation i dine netværk" in page
    for counted in ("2 mulige kriser", "2 åbne anmeldelser", "2 anmodninger om medlemskab",
                    "0 klager over skjult indhold"):
        assert counted in page, counted
    assert "Anmeldelse nummer 0." in page and "Anmeldelse nummer 1." in page
    assert "Ansøger 0 vil gerne være medlem af Ressourceforløb" in page
    assert f"{scene.closed_base}/medlemmer" in page
    assert "Anmeldelse i et andet netværk." not in page and "Sygedagpenge" not in page
    # Both of her networks are listed with their own queue and the forwarding dashboard.
    for base in (scene.base, scene.closed_base):
        assert f"{base}/moderation" in page and f"{base}/videresend" in page


def test_an_admin_sees_every_network_where_something_waits(app, scene):
    _work(scene, 1)
    stranger = make_user(pseudonym="Fremmed Melder")
    join(stranger, scene.other_network)
    elsewhere = make_thread(scene.other_network, scene.other_moderator, title="Fremmed tråd")
    report(stranger, elsewhere, "spam", "Anmeldelse i et andet netværk.")
    page = Person(app, scene.admin).page(QUEUE)
    assert "Moderation i alle netværk" in page and "/moderation/log" in page
    assert "2 åbne anmeldelser" in page and "Anmeldelse i et andet netværk." in page
    assert f"{scene.other_base}/moderation" in page


def test_the_other_networks_moderator_sees_only_their_own(app, scene):
    _work(scene, 1)
    page = Person(app, scene.other_moderator).page(QUEUE)
    assert "0 åbne anmeldelser" in page and "Anmeldelse nummer 0." not in page
    assert "0 mulige kriser" in page and "Ansøger 0" not in page


@pytest.mark.parametrize(("role", "status"), [("citizen", 403), ("member", 403),
                                               ("committee_here", 403)])
def test_people_without_a_moderating_role_get_403(app, scene, role, status):
    assert Person(app, getattr(scene, role)).get(QUEUE).status_code == status


def _statements(app, scene, count_queries, who: str) -> int:
    moderator = Person(app, getattr(scene, who))
    moderator.page(QUEUE)  # warm up
    with count_queries() as counter:
        page = moderator.page(QUEUE)
    assert "Anmeldelse nummer 0." in page and "Ansøger 0" in page
    return counter.count


@pytest.mark.parametrize("who", ["moderator", "admin"])
def test_the_queue_costs_the_same_with_2_and_20_items(app, scene, count_queries, who):
    """Of each: reported texts, membership requests, crisis alerts (and one appeal)."""
    from tests.moderation.builders import appeal, hide

    hide(scene.second_moderator, scene.post)
    appeal(scene.author, scene.post)
    _work(scene, 2)
    few = _statements(app, scene, count_queries, who)
    _work(scene, 18, start=2)
    many = _statements(app, scene, count_queries, who)
    print(f"\n/moderation as {who}: {few} statements with 2 of each, {many} with 20")
    assert few == many, (few, many)
    assert many <= 16, many


def test_the_lists_are_bounded_and_the_counts_are_whole(app, scene, monkeypatch):
    from app.moderation import queries

    monkeypatch.setattr(queries, "STAFF_LIST_LIMIT", 3)
    _work(scene, 5)
    page = Person(app, scene.moderator).page(QUEUE)
    assert "5 mulige kriser" in page and "5 anmodninger om medlemskab" in page
    assert page.count("Markér som håndteret") == 3
    assert "Ansøger 2" in page and "Ansøger 3" not in page
    assert "Du ser de 3 nyeste" in page and "Du ser de 3 ældste" in page


# --- crisis alerts ----------------------------------------------------------------------------

def test_a_crisis_alert_is_marked_handled_and_leaves_the_open_lists(app, scene):
    _work(scene, 1)
    [alert] = _alerts()
    moderator = Person(app, scene.moderator)
    page = moderator.page(QUEUE)
    assert alert_url(alert) in page and "1 mulig krise" in page
    assert alert_url(alert) in moderator.page(scene.queue_url)
    before = audit_count()
    page = moderator.post_then_page(alert_url(alert), {"reason": "Skrev om Livslinien.",
                                                       "back": QUEUE})
    assert "Den mulige krise er markeret som håndteret og skrevet i loggen." in page
    assert "0 mulige kriser" in page and alert_url(alert) not in page
    assert alert_url(alert) not in moderator.page(scene.queue_url)
    assert is_handled(alert)
    entry = db.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert audit_count() == before + 1
    assert (entry.action, entry.actor_id, entry.network_id, entry.reason) == (
        "crisis.handled", scene.moderator.id, scene.network.id, "Skrev om Livslinien.")
    assert entry.post_id == alert.data["post_id"] and entry.thread_id == alert.data["thread_id"]
    assert "Mulig krise håndteret" in moderator.page(scene.log_url)


def test_an_alert_is_handled_once(app, scene):
    _work(scene, 1)
    [alert] = _alerts()
    Person(app, scene.moderator).post(alert_url(alert))
    before = audit_count()
    page = Person(app, scene.second_moderator).post_then_page(alert_url(alert))
    assert "Den mulige krise er allerede markeret som håndteret." in page
    assert audit_count() == before


def test_handling_needs_the_networks_moderator_and_a_real_alert(app, scene):
    _work(scene, 1)
    [alert] = _alerts()
    assert Person(app, scene.other_moderator).post(alert_url(alert)).status_code == 403
    assert Person(app, scene.member).post(alert_url(alert)).status_code == 403
    moderator = Person(app, scene.moderator)
    assert moderator.post("/moderation/krise/999999/haandteret").status_code == 404
    report_event = db.session.scalar(select(type(alert)).where(
        type(alert).kind == "moderation.report"))
    assert moderator.post(alert_url(report_event)).status_code == 404
    assert moderator.post(alert_url(alert), token=False).status_code == 400  # no CSRF token
    assert moderator.client.get(alert_url(alert)).status_code == 405
    assert not is_handled(alert)


def _alerts():
    from app.core.events import Event

    settle()
    return list(db.session.scalars(select(Event).where(
        Event.kind == "moderation.crisis_alert").order_by(Event.id)))


# --- one action per report --------------------------------------------------------------------

def test_each_reported_text_has_its_own_actions_in_both_queues(app, scene):
    report(scene.reporter, scene.post, "spam", "Reklame.")
    report(scene.reporter, scene.thread, "harassment", "Hård tone.")
    moderator = Person(app, scene.moderator)
    for url in (QUEUE, scene.queue_url):
        page = moderator.page(url)
        for obj in (scene.post, scene.thread):
            assert act_url(obj, "afvis-anmeldelser") in page and act_url(obj, "skjul") in page
        assert f'name="back" value="{url}"' in page
    # Dismiss one from the cross-network queue: only its reports go, and back to the queue.
    response = moderator.post(act_url(scene.post, "afvis-anmeldelser"), {"back": QUEUE})
    assert response.status_code == 302 and response.headers["Location"] == QUEUE
    assert not reports_of(scene.post, _open()) and reports_of(scene.thread, _open())
    # Hide the other from the network's queue, with the reason from its own row.
    page = moderator.post_then_page(act_url(scene.thread, "skjul"),
                                    {"reason": "Chikane.", "back": scene.queue_url})
    assert "Handlingen er udført og skrevet i loggen." in page
    assert "Der er ingen åbne anmeldelser." in page
    assert not reports_of(scene.thread, _open())


def test_hiding_from_a_row_without_a_reason_is_refused(app, scene):
    report(scene.reporter, scene.post, "spam")
    page = Person(app, scene.moderator).post_then_page(act_url(scene.post, "skjul"),
                                                       {"reason": "", "back": QUEUE})
    assert "Skriv en begrundelse." in page and reports_of(scene.post, _open())


def _open():
    from app.moderation.models import ReportStatus

    return ReportStatus.OPEN


# --- finding the way there --------------------------------------------------------------------

def _nav(page: str) -> str:
    return re.search(r'<nav class="bn-nav".*?</nav>', page, re.S).group(0)


def test_the_moderators_badge_links_to_the_queue(app, scene):
    report(scene.reporter, scene.post, "spam")
    nav = _nav(Person(app, scene.moderator).page("/"))
    assert re.search(r'<a class="badge badge-warning bn-badge-link" href="/moderation#anmeldelser">'
                     r'1 ny anmeldelse venter</a>', nav), nav
    assert '<a href="/moderation">Moderation</a>' in nav
    # No reports: no badge, but the way to the queue stays.
    nav = _nav(Person(app, scene.other_moderator).page("/"))
    assert "anmeldelse venter" not in nav and '<a href="/moderation">Moderation</a>' in nav


@pytest.mark.parametrize(("role", "moderation", "committee"), [
    ("visitor", False, False), ("citizen", False, False), ("member", False, False),
    ("moderator", True, False), ("committee_here", False, True),
    ("committee_other", False, True), ("admin", True, True)])
def test_the_menu_and_front_page_show_staff_their_work(app, scene, role, moderation, committee):
    user = getattr(scene, role, None)
    page = Person(app, user).page("/")
    nav = _nav(page)
    assert ('href="/moderation"' in nav) is moderation
    assert ('<a href="/udvalg">Udvalget</a>' in nav) is committee
    main = page.split('id="main-content"', 1)[1]
    assert ('href="/moderation"' in main) is moderation
    assert ('href="/udvalg"' in main) is committee


def test_the_committee_menu_costs_one_cheap_query_per_page(app, scene, count_queries):
    member = Person(app, scene.committee_here)
    member.page("/")
    with count_queries() as counter:
        member.page(f"{scene.base}/")
    seats = [s for s in counter.statements if "committee_members" in s]
    assert len(seats) == 1, seats


def test_the_network_page_links_the_forwarding_dashboard_for_those_allowed(app, scene):
    dashboard = f"{scene.base}/videresend"
    for user, shown in ((scene.moderator, True), (scene.admin, True), (scene.member, False),
                        (scene.other_moderator, False), (scene.committee_here, False), (None, False)):
        page = Person(app, user).page(f"{scene.base}/")
        assert (dashboard in page) is shown, user
    assert dashboard in Person(app, scene.moderator).page(scene.queue_url)
    assert Person(app, scene.moderator).get(dashboard).status_code == 200
    assert Person(app, scene.other_moderator).get(dashboard).status_code == 403
