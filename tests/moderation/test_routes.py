"""Moderation over HTTP: reporting, the queue and its actions, suspensions and warnings,
appeals, and what the queue page costs in statements. Staff sign in with two-factor codes."""

from __future__ import annotations

import re
from datetime import date

import pytest
from babel.dates import format_date
from sqlalchemy import select

from app.extensions import db
from app.moderation.models import AppealStatus, Report, ReportStatus
from app.proposals import services as proposal_services
from app.proposals.models import VoteValue
from tests.factories import make_member, make_post, make_thread
from tests.moderation.builders import (
    Person,
    act_url,
    appeal,
    appeal_of,
    appeal_url,
    audit_count,
    build_scene,
    decide_url,
    done,
    events,
    fresh,
    hide,
    in_a_week,
    is_login_redirect,
    make_proposal,
    membership,
    report,
    report_url,
    reports_of,
    settle,
    text,
)


@pytest.fixture
def scene(app_ctx):
    return build_scene()


# --- reporting --------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["post", "thread", "proposal", "comment"])
def test_a_member_reports_with_a_reason(app, scene, kind):
    obj = getattr(scene, kind)
    member = Person(app, scene.reporter)
    form = member.page(report_url(obj))
    heading = form.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert heading.startswith("Anmeld") and "Personlige oplysninger er delt" in form
    # The page names what is reported: its author and its date (and its start, as plain text).
    author = obj.creator if kind == "proposal" else obj.author
    assert author.pseudonym in form and "Det er det, du anmelder" in form
    assert "Chikane eller trusler" in form and "Spam eller reklame" in form
    page = member.post_then_page(report_url(obj), {"reason": "personal_data",
                                                   "text": "Navnet på en sagsbehandler."})
    assert "Tak for din anmeldelse" in page
    [made] = reports_of(obj)
    assert made.reason.value == "personal_data" and made.text == "Navnet på en sagsbehandler."
    assert made.reporter_id == scene.reporter.id and made.network_id == scene.network.id


def test_the_report_links_show_for_members_only(app, scene):
    thread_url = f"/traade/{scene.thread.id}"
    assert report_url(scene.post) in Person(app, scene.reporter).page(thread_url)
    assert f"/anmeld/thread/{scene.thread.id}" in Person(app, scene.reporter).page(thread_url)
    assert "/anmeld/" not in Person(app).page(thread_url)
    assert "/anmeld/" not in Person(app, scene.citizen).page(thread_url)
    author_page = Person(app, scene.author).page(thread_url)
    assert report_url(scene.post) not in author_page  # not one's own post


def test_other_needs_a_text_and_nothing_typed_is_lost(app, scene):
    member = Person(app, scene.reporter)
    response = member.post(report_url(scene.post), {"reason": "other", "text": "  "})
    assert response.status_code == 422 and "Skriv, hvad problemet er." in text(response)
    assert re.search(r'<input checked[^>]*value="other"', text(response))
    response = member.post(report_url(scene.post), {"text": "Noget er galt."})
    assert response.status_code == 422 and "Vælg en grund." in text(response)
    assert "Noget er galt." in text(response)
    response = member.post(report_url(scene.post), {"reason": "ondskab", "text": ""})
    assert response.status_code == 422
    assert reports_of(scene.post) == []
    member.post_then_page(report_url(scene.post), {"reason": "other", "text": "Reklame."})
    assert len(reports_of(scene.post)) == 1


def test_reporting_twice_gives_a_clear_message(app, scene):
    member = Person(app, scene.reporter)
    member.post_then_page(report_url(scene.post), {"reason": "spam"})
    response = member.post(report_url(scene.post), {"reason": "harassment", "text": "Igen."})
    assert response.status_code == 200
    assert "Du har allerede anmeldt dette. En moderator ser på det." in text(response)
    assert len(reports_of(scene.post)) == 1 and len(events("moderation.report")) == 1


def test_who_may_not_report(app, scene):
    assert is_login_redirect(Person(app).post(report_url(scene.post), {"reason": "spam"}),
                             report_url(scene.post))
    assert Person(app, scene.citizen).post(report_url(scene.post),
                                           {"reason": "spam"}).status_code == 403
    assert Person(app, scene.citizen).get(report_url(scene.post)).status_code == 403
    author = Person(app, scene.author)
    for obj in (scene.post, scene.thread, scene.proposal):
        assert author.post(report_url(obj), {"reason": "spam"}).status_code == 403
    hide(scene.moderator, scene.post)
    assert Person(app, scene.reporter).post(report_url(scene.post),
                                            {"reason": "spam"}).status_code == 403
    assert reports_of(scene.post) == []


@pytest.mark.parametrize("url", ["/anmeld/kommentar/1", "/anmeld/post/999999", "/anmeld/post/abc",
                                 "/klag/thread/999999", "/klag/noget/1"])
def test_unknown_things_are_404(app, scene, url):
    assert Person(app, scene.reporter).get(url).status_code == 404


def test_moderators_are_told_at_once(app, scene):
    moderator, other, member = (Person(app, scene.moderator), Person(app, scene.other_moderator),
                                Person(app, scene.member))
    assert "ny anmeldelse venter" not in moderator.page("/")
    Person(app, scene.reporter).post_then_page(report_url(scene.post), {"reason": "spam"})
    assert "1 ny anmeldelse venter" in moderator.page("/")
    assert "1 ny anmeldelse venter" in Person(app, scene.admin).page("/")
    assert "anmeldelse" not in other.page("/")
    assert "anmeldelse" not in member.page("/")
    [event] = events("moderation.report")
    assert event.network_id == scene.network.id and event.actor_id == scene.reporter.id
    assert event.data == {"target": f"post:{scene.post.id}"}
    Person(app, scene.member).post_then_page(report_url(scene.thread), {"reason": "spam"})
    assert "2 nye anmeldelser venter" in moderator.page("/")


# --- the queue ----------------------------------------------------------------------------------

def test_the_queue_groups_reports_with_their_context(app, scene):
    report(scene.reporter, scene.post, "harassment", "Hård tone over for Magnus.")
    report(scene.member, scene.post, "other", "Måske for personligt.")
    report(scene.reporter, scene.proposal, "spam")
    other_thread = make_thread(scene.other_network, scene.other_moderator, title="Andet netværk")
    report(make_member(scene.other_network), other_thread, "spam")
    page = Person(app, scene.moderator).page(scene.queue_url)
    assert "2 anmeldelser af:" in page and "1 anmeldelse af:" in page
    assert page.count('name="targets"') == 2
    assert f'value="post:{scene.post.id}"' in page
    assert f'value="proposal:{scene.proposal.id}"' in page
    assert "Ventetid på jobcentret" in page  # the post's thread
    assert "Samtalen blev flyttet uden varsel." in page  # the post itself
    assert "Chikane eller trusler: Hård tone over for Magnus." in page
    assert "Andet: Måske for personligt." in page
    assert "Faste kontaktpersoner i jobcentret" in page
    assert "Andet netværk" not in page
    overview = Person(app, scene.admin).page("/moderation")
    assert "Andet netværk" in overview and "Faste kontaktpersoner i jobcentret" in overview


def test_dismissing_empties_the_queue(app, scene):
    report(scene.reporter, scene.post)
    moderator = Person(app, scene.moderator)
    page = moderator.post_then_page(act_url(scene.post, "afvis-anmeldelser"),
                                    {"back": scene.queue_url})
    assert "Handlingen er udført og skrevet i loggen." in page
    assert "Der er ingen åbne anmeldelser." in page
    assert [r.status for r in reports_of(scene.post)] == [ReportStatus.DISMISSED]
    page = moderator.post_then_page(act_url(scene.post, "afvis-anmeldelser"),
                                    {"back": scene.queue_url})
    assert "Der er ingen åbne anmeldelser af dette." in page


def test_hiding_needs_a_reason_that_members_then_see(app, scene):
    report(scene.reporter, scene.post)
    moderator = Person(app, scene.moderator)
    page = moderator.post_then_page(act_url(scene.post, "skjul"), {"reason": " "})
    assert "Skriv en begrundelse. Den bliver vist i stedet for indholdet." in page
    assert not fresh(scene.post).is_hidden and audit_count() == 0
    moderator.post_then_page(act_url(scene.post, "skjul"),
                             {"reason": "Hængte en sagsbehandler ud med navn."})
    assert fresh(scene.post).is_hidden
    assert [r.status for r in reports_of(scene.post)] == [ReportStatus.ACTIONED]
    page = Person(app, scene.member).page(f"/traade/{scene.thread.id}")
    assert ("Indlægget er skjult af en moderator. Begrundelse: Hængte en sagsbehandler ud med "
            "navn.") in page
    assert "Samtalen blev flyttet uden varsel." not in page
    page = moderator.page(f"/traade/{scene.thread.id}")
    assert "Skjult for medlemmerne. Begrundelse: Hængte en sagsbehandler ud med navn." in page
    assert "Samtalen blev flyttet uden varsel." in page


def test_restoring_makes_it_visible_again(app, scene):
    hide(scene.moderator, scene.post, "Fejlagtigt skjult.")
    page = Person(app, scene.moderator).post_then_page(act_url(scene.post, "vis"))
    assert "Handlingen er udført" in page
    page = Person(app, scene.member).page(f"/traade/{scene.thread.id}")
    assert "Samtalen blev flyttet uden varsel." in page and "skjult af en moderator" not in page


def test_locking_shows_the_reason_and_stops_replies(app, scene):
    moderator = Person(app, scene.moderator)
    page = moderator.post_then_page(act_url(scene.thread, "laas"), {"reason": ""})
    assert "Skriv hvorfor tråden bliver låst." in page and not fresh(scene.thread).is_locked
    page = moderator.post_then_page(act_url(scene.thread, "laas"),
                                    {"reason": "Diskussionen er kørt af sporet."})
    assert "Tråden er låst." in page
    member = Person(app, scene.member)
    page = member.page(f"/traade/{scene.thread.id}")
    assert "Tråden er låst." in page and "Begrundelse: Diskussionen er kørt af sporet." in page
    assert "Skriv et svar" not in page
    response = member.post(f"/traade/{scene.thread.id}/svar", {"body": "Et svar alligevel."})
    assert response.status_code == 422 and "Et svar alligevel." in text(response)
    moderator.post_then_page(act_url(scene.thread, "laas-op"))
    page = member.page(f"/traade/{scene.thread.id}")
    assert "Tråden er låst." not in page and "Skriv et svar" in page


def test_pinning_puts_the_thread_on_top(app, scene):
    moderator = Person(app, scene.moderator)
    make_thread(scene.network, scene.member, title="En nyere tråd")
    page = moderator.post_then_page(act_url(scene.thread, "fastgoer"), {"back": scene.base + "/"})
    pinned, _, rest = page.partition("Nyeste aktivitet")
    assert "Fastgjort" in pinned and "Ventetid på jobcentret" in pinned
    assert "Ventetid på jobcentret" not in rest and "En nyere tråd" in rest
    page = moderator.post_then_page(act_url(scene.thread, "frigoer"), {"back": scene.base + "/"})
    assert "Nyeste aktivitet" not in page and not fresh(scene.thread).is_pinned


@pytest.mark.parametrize(("kind", "action"), [("post", "laas"), ("proposal", "fastgoer"),
                                               ("thread", "slet"), ("post", "skjul-alt")])
def test_unknown_actions_are_404(app, scene, kind, action):
    obj = getattr(scene, kind)
    assert Person(app, scene.moderator).post(act_url(obj, action)).status_code == 404
    assert audit_count() == 0


def test_back_only_leads_to_this_site(app, scene):
    response = Person(app, scene.moderator).post(
        act_url(scene.thread, "fastgoer"), {"back": "https://example.com/"})
    assert response.status_code == 302 and "example.com" not in response.headers["Location"]


# --- suspensions and warnings -------------------------------------------------------------------

def test_a_suspended_member_cannot_post_react_or_vote(app, scene):
    proposal = make_proposal(scene.network, scene.member, title="Til afstemning")
    proposal_services.open_voting(scene.member, proposal, 7)
    done()
    post = make_post(scene.thread, scene.member, "Et svar fra Magnus.")
    moderator = Person(app, scene.moderator)
    page = moderator.post_then_page(f"{scene.queue_url}/udeluk", {
        "s-pseudonym": "forfatter frede", "s-until": in_a_week(), "s-reason": "Personangreb."})
    until = format_date(date.fromisoformat(in_a_week()), "long", locale="da")  # "10. december 2026"
    assert f"Forfatter Frede er udelukket til og med {until}." in page
    assert membership(scene.author, scene.network).suspended_until is not None
    author = Person(app, scene.author)
    assert author.post(f"/traade/{scene.thread.id}/svar", {"body": "Hej."}).status_code == 403
    assert author.get(f"{scene.base}/ny-traad").status_code == 403
    assert author.post(f"/indlaeg/{post.id}/genkender").status_code == 403
    assert author.post(f"/forslag/{proposal.id}/stem",
                       {"value": VoteValue.FOR.value}).status_code == 403
    assert author.post(f"/forslag/{proposal.id}/kommentarer", {"body": "Godt."}).status_code == 403
    assert "Du er udelukket fra at skrive i netværket" in author.page(scene.base + "/")
    profile = author.page("/konto/profil")
    assert f"Du er udelukket fra at skrive i et netværk til og med {in_a_week()}." in profile
    assert "Begrundelse: Personangreb." in profile
    # reading is still allowed
    assert author.get(f"/traade/{scene.thread.id}").status_code == 200


@pytest.mark.parametrize(("data", "message"), [
    ({"s-pseudonym": "Forfatter Frede", "s-until": "2001-01-01", "s-reason": "Grund."},
     "Datoen skal ligge i fremtiden."),
    ({"s-pseudonym": "Forfatter Frede", "s-until": "i morgen", "s-reason": "Grund."},
     "Skriv en dato, der findes, som dag, måned og år"),
    ({"s-pseudonym": "Forfatter Frede", "s-until": "2999-01-01", "s-reason": ""},
     "Skriv en begrundelse."),
    ({"s-pseudonym": "Borger Bo", "s-until": "2999-01-01", "s-reason": "Grund."},
     "Borger Bo er ikke medlem af netværket."),
    ({"s-pseudonym": "Ingen Sådan", "s-until": "2999-01-01", "s-reason": "Grund."},
     "Ingen Sådan er ikke medlem af netværket."),
    ({"s-pseudonym": "forfatter@example.org", "s-until": "2999-01-01", "s-reason": "Grund."},
     "er ikke medlem af netværket."),
])
def test_bad_suspensions_give_a_clear_message(app, scene, data, message):
    page = Person(app, scene.moderator).post_then_answer(f"{scene.queue_url}/udeluk", data)
    assert message in page
    assert membership(scene.author, scene.network).suspended_until is None
    assert audit_count() == 0


def test_a_warning_reaches_the_members_profile(app, scene):
    moderator = Person(app, scene.moderator)
    page = moderator.post_then_page(f"{scene.queue_url}/advar", {
        "w-pseudonym": "Forfatter Frede", "w-text": "Husk at skrive pænt til de andre."})
    assert "Advarslen er sendt til Forfatter Frede." in page
    profile = Person(app, scene.author).page("/konto/profil")
    messages = profile.split("Beskeder fra moderatorerne", 1)[1].split("Totrinsbekræftelse", 1)[0]
    assert "Advarsel: Husk at skrive pænt til de andre." in messages
    assert "Husk at skrive" not in Person(app, scene.member).page("/konto/profil")
    page = moderator.post_then_answer(f"{scene.queue_url}/advar", {
        "w-pseudonym": "Forfatter Frede", "w-text": ""})
    assert "Skriv advarslen." in page and len(events("moderation.warning")) == 1


# --- acting on several at once ------------------------------------------------------------------

def test_bulk_dismiss_of_several_targets(app, scene):
    for obj in (scene.post, scene.thread, scene.proposal):
        report(scene.reporter, obj)
    report(scene.member, scene.post)
    page = Person(app, scene.moderator).post_then_page(f"{scene.queue_url}/samlet", {
        "targets": [f"post:{scene.post.id}", f"thread:{scene.thread.id}",
                    f"proposal:{scene.proposal.id}"], "action": "dismiss"})
    assert "3 sager er behandlet." in page and "Der er ingen åbne anmeldelser." in page
    assert {r.status for r in db.session.scalars(select(Report))} == {ReportStatus.DISMISSED}
    assert audit_count(action="reports.dismissed") == 3


def test_bulk_hide_of_several_targets(app, scene):
    for obj in (scene.post, scene.thread, scene.proposal):
        report(scene.reporter, obj)
    moderator = Person(app, scene.moderator)
    data = {"targets": [f"post:{scene.post.id}", f"thread:{scene.thread.id}",
                        f"proposal:{scene.proposal.id}"], "action": "hide", "reason": ""}
    page = moderator.post_then_page(f"{scene.queue_url}/samlet", data)
    assert "Skriv en begrundelse. Den bliver vist i stedet for indholdet." in page
    assert not any(fresh(o).is_hidden for o in (scene.post, scene.thread, scene.proposal))
    page = moderator.post_then_page(f"{scene.queue_url}/samlet", {**data, "reason": "Spam."})
    assert "3 sager er behandlet." in page
    for obj in (scene.post, scene.thread, scene.proposal):
        obj = fresh(obj)
        assert obj.is_hidden and obj.hidden_reason == "Spam."
        assert [r.status for r in reports_of(obj)] == [ReportStatus.ACTIONED]
    assert audit_count(action="content.hidden") == 3
    assert len(events("moderation.hidden", recipient_id=scene.author.id)) == 3


def test_bulk_ignores_what_is_not_in_this_network(app, scene):
    other_thread = make_thread(scene.other_network, scene.other_moderator, title="Andet sted")
    report(make_member(scene.other_network), other_thread)
    moderator = Person(app, scene.moderator)
    page = moderator.post_then_page(f"{scene.queue_url}/samlet", {
        "targets": [f"thread:{other_thread.id}", "thread:abc", "kommentar:1", "post:999999"],
        "action": "hide", "reason": "Spam."})
    assert "Vælg mindst én anmeldelse og en handling." in page
    assert not fresh(other_thread).is_hidden and audit_count() == 0
    page = moderator.post_then_page(f"{scene.queue_url}/samlet", {
        "targets": [f"post:{scene.post.id}"], "action": "delete"})
    assert "Vælg mindst én anmeldelse og en handling." in page


# --- appeals ----------------------------------------------------------------------------------

def test_the_author_sees_why_and_appeals_once(app, scene):
    hide(scene.moderator, scene.post, "Navne på sagsbehandlere hører ikke til her.")
    author = Person(app, scene.author)
    page = author.page(f"/traade/{scene.thread.id}")
    assert ("Indlægget er skjult af en moderator. Begrundelse: Navne på sagsbehandlere hører "
            "ikke til her.") in page
    assert appeal_url(scene.post) in page
    assert appeal_url(scene.post) not in Person(app, scene.member).page(f"/traade/{scene.thread.id}")
    profile = author.page("/konto/profil")
    assert ("Noget, du skrev, er skjult af en moderator. Begrundelse: Navne på sagsbehandlere "
            "hører ikke til her.") in profile
    assert f'href="/indlaeg/{scene.post.id}"' in profile
    form = author.page(appeal_url(scene.post))
    assert "Begrundelse: Navne på sagsbehandlere hører ikke til her." in form
    response = author.post(appeal_url(scene.post), {"text": " "})
    assert response.status_code == 422 and "Skriv, hvorfor det skal vises igen." in text(response)
    page = author.post_then_page(appeal_url(scene.post), {"text": "Jeg nævnte ikke efternavnet."})
    assert "Din klage er sendt. En anden moderator afgør den." in page
    assert appeal_of(scene.post).text == "Jeg nævnte ikke efternavnet."
    # A second appeal: a clear message, the first one stays as it was.
    response = author.post(appeal_url(scene.post), {"text": "Igen!"})
    assert response.status_code == 200
    assert "Du har klaget. En anden moderator afgør klagen." in text(response)
    assert 'name="text"' not in text(response)
    assert appeal_of(scene.post).text == "Jeg nævnte ikke efternavnet."
    assert len(events("moderation.appeal")) == 1


def test_only_the_author_of_hidden_content_may_appeal(app, scene):
    assert Person(app, scene.author).get(appeal_url(scene.post)).status_code == 403  # not hidden
    hide(scene.moderator, scene.post)
    assert Person(app, scene.member).post(appeal_url(scene.post),
                                          {"text": "Vis det."}).status_code == 403
    assert appeal_of(scene.post) is None


@pytest.mark.parametrize("decider", ["second_moderator", "admin"])
def test_another_moderator_or_an_admin_restores(app, scene, decider):
    hide(scene.moderator, scene.post, "For personligt.")
    appeal(scene.author, scene.post, "Det var mine egne oplysninger.")
    assert Person(app, scene.moderator).post(decide_url(scene.post, "vis-igen")).status_code == 403
    person = Person(app, getattr(scene, decider))
    queue = person.page(scene.queue_url if decider != "admin" else "/moderation")
    assert "Det var mine egne oplysninger." in queue and "Skjult med begrundelsen: For personligt." in queue
    page = person.post_then_page(decide_url(scene.post, "vis-igen"))
    assert "Klagen er afgjort." in page and "Der er ingen åbne klager." in page
    assert appeal_of(scene.post).status is AppealStatus.RESTORED
    assert "Samtalen blev flyttet uden varsel." in Person(app, scene.member).page(
        f"/traade/{scene.thread.id}")
    author = Person(app, scene.author)
    assert "Din klage er afgjort: indholdet vises igen." in author.page("/konto/profil")
    assert author.get(appeal_url(scene.post)).status_code == 403  # nothing to appeal now
    page = person.post_then_page(decide_url(scene.post, "fasthold"))
    assert "Klagen er allerede afgjort." in page


def test_upholding_keeps_it_hidden_and_tells_the_author(app, scene):
    hide(scene.moderator, scene.thread, "Emnet hører til i et andet netværk.")
    author = Person(app, scene.author)
    page = author.page(f"/traade/{scene.thread.id}")
    assert "Tråden er skjult af en moderator. Begrundelse: Emnet hører til i et andet netværk." in page
    assert appeal_url(scene.thread) in page
    author.post_then_page(appeal_url(scene.thread), {"text": "Det handler om dagpenge."})
    Person(app, scene.second_moderator).post_then_page(decide_url(scene.thread, "fasthold"))
    assert appeal_of(scene.thread).status is AppealStatus.UPHELD and fresh(scene.thread).is_hidden
    assert "Din klage er afgjort: indholdet forbliver skjult." in author.page("/konto/profil")
    assert "Din klage er afgjort: indholdet forbliver skjult." in author.page(
        appeal_url(scene.thread))
    assert Person(app, scene.member).get(f"/traade/{scene.thread.id}").status_code == 404


def test_a_direct_restore_settles_the_open_appeal(app, scene):
    """The moderator who hid it may take it back; the appeal then leaves the queue."""
    hide(scene.moderator, scene.proposal, "Ligner reklame.")
    appeal(scene.author, scene.proposal)
    moderator = Person(app, scene.moderator)
    moderator.post_then_page(act_url(scene.proposal, "vis"))
    assert "Der er ingen åbne klager." in moderator.page(scene.queue_url)
    assert appeal_of(scene.proposal).status is AppealStatus.RESTORED
    assert "Din klage er afgjort: indholdet vises igen." in Person(app, scene.author).page(
        "/konto/profil")


# --- what the queue costs ---------------------------------------------------------------------

def _reports(scene, count: int) -> None:
    """`count` open reports by several members, taking turns over a post, a thread and a
    proposal (each reported by up to three members), so that 3 reports already touch every kind."""
    reporters = [make_member(scene.network) for _ in range(3)]
    made = 0
    while made < count:
        thread = make_thread(scene.network, scene.author, title=f"Tråd til anmeldelse {made}")
        post = make_post(thread, scene.member, f"Svar til anmeldelse {made}.")
        proposal = make_proposal(scene.network, scene.author, title=f"Forslag {made}")
        for reporter in reporters:
            for obj in (post, thread, proposal):
                if made < count:
                    report(reporter, obj, "other", f"Anmeldelse {made}.")
                    made += 1
    settle()


def _queue_statements(app, scene, count_queries) -> int:
    moderator = Person(app, scene.moderator)
    moderator.page(scene.queue_url)  # warm up
    with count_queries() as counter:
        page = moderator.page(scene.queue_url)
    assert "Anmeldelse 0." in page
    return counter.count


def test_the_queue_costs_the_same_with_3_and_30_reports(app, scene, count_queries):
    hide(scene.second_moderator, scene.post)
    appeal(scene.author, scene.post)
    _reports(scene, 3)
    few = _queue_statements(app, scene, count_queries)
    _reports(scene, 27)
    assert db.session.query(Report).count() == 30
    many = _queue_statements(app, scene, count_queries)
    assert few == many, (few, many)
    assert many <= 15


def test_a_comment_is_hidden_on_its_proposal_page_appealed_and_restored(app, scene):
    proposal_url = f"/forslag/{scene.proposal.id}"
    words = "Min sagsbehandler skiftede tre gange på et år."
    moderator = Person(app, scene.moderator)
    page = moderator.page(proposal_url)
    assert act_url(scene.comment, "skjul") in page and words in page
    back = f"{proposal_url}#kommentar-{scene.comment.id}"
    response = moderator.post(act_url(scene.comment, "skjul"),
                              {"reason": "Navnet på en medarbejder.", "back": back})
    assert response.status_code == 302 and response.headers["Location"] == back
    settle()
    assert fresh(scene.comment).is_hidden and audit_count(comment_id=scene.comment.id) == 1

    member_page = Person(app, scene.member).page(proposal_url)
    assert words not in member_page
    assert "Kommentaren er skjult af en moderator. Begrundelse: Navnet på en medarbejder." in (
        member_page)
    assert appeal_url(scene.comment) not in member_page
    author = Person(app, scene.author)
    profile = author.page("/konto/profil")
    link = f"/forslag/kommentarer/{scene.comment.id}"
    assert "Noget, du skrev, er skjult af en moderator." in profile and link in profile
    response = author.get(link)  # the proposal page from the comment on, scrolled to it
    assert response.status_code == 302 and response.headers["Location"] == (
        f"/forslag/{scene.proposal.id}?efter={scene.comment.id - 1}#kommentar-{scene.comment.id}")
    assert appeal_url(scene.comment) in author.page(proposal_url)
    page = author.post_then_page(appeal_url(scene.comment), {"text": "Det var mit eget navn."})
    assert "Din klage er sendt" in page

    assert moderator.post(decide_url(scene.comment, "vis-igen")).status_code == 403  # hid it
    second = Person(app, scene.second_moderator)
    queue = second.page(scene.queue_url)
    assert "Det var mit eget navn." in queue and "Kommentar til: Faste kontaktpersoner" in queue
    second.post_then_page(decide_url(scene.comment, "vis-igen"), {"reason": "I orden."})
    assert appeal_of(scene.comment).status is AppealStatus.RESTORED
    assert words in Person(app, scene.member).page(proposal_url)
    assert "Din klage er afgjort: indholdet vises igen." in author.page("/konto/profil")


def test_a_hidden_suggestion_cannot_be_marked_as_used(app, scene):
    suggestion = proposal_services.add_comment(scene.member, scene.proposal,
                                               "Skriv 'fast kontaktperson' i titlen.", True)
    done()
    hide(scene.moderator, suggestion, "Provokerende.")
    page = Person(app, scene.author).page(f"/forslag/{scene.proposal.id}")
    assert "Marker som indarbejdet" not in page
    response = Person(app, scene.author).post(
        f"/forslag/kommentarer/{suggestion.id}/indarbejdet")
    assert response.status_code == 302
    settle()
    assert fresh(suggestion).suggestion_status.value == "open"
