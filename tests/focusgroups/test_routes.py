"""Focus groups over HTTP: who sees and does what (visitor, member, outsider, moderator,
admin), contact details hidden until the person accepts, the calendar file, the mails with it,
and bad input kept with a clear message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.focusgroups.models import FocusGroup, FocusGroupState, Stratum, Volunteer, VolunteerStatus
from tests.committee.builders import sign_in
from tests.conftest import body_text
from tests.factories import make_member
from tests.focusgroups.builders import (
    build_focus_scene,
    close_volunteering,
    make_focus_group,
    members_in,
)
from tests.proposals.builders import done

VOLUNTEER_FORM = {"stratum": "long", "benefit_group": "sygedagpenge", "preferred_form": "",
                  "needs": "Tolk på arabisk", "contact": "12 34 56 78", "consent": "y"}


@pytest.fixture
def scene(app_ctx):
    return build_focus_scene()


def url(focus_group, tail: str = "") -> str:
    return f"/fokusgrupper/{focus_group.id}{tail}"


def status_of(focus_group, user) -> VolunteerStatus | None:
    db.session.expire_all()
    row = db.session.scalar(select(Volunteer).where(Volunteer.focus_group_id == focus_group.id,
                                                    Volunteer.user_id == user.id))
    return row.status if row else None


def test_a_member_volunteers_and_the_form_keeps_bad_input(app, scene):
    focus_group = make_focus_group(scene)
    browser = sign_in(app, scene.member)
    page = browser.page(url(focus_group))
    assert "Meld dig til fokusgruppen" in page
    response = browser.post(url(focus_group, "/meld-dig"), {**VOLUNTEER_FORM, "consent": "",
                                                          "contact": "ikke et nummer"})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Sæt kryds for at melde dig." in text and "ikke et nummer" in text
    assert "Tolk på arabisk" in text
    page = browser.post_then_page(url(focus_group, "/meld-dig"), VOLUNTEER_FORM)
    assert "Du er med i lodtrækningen som nummer 1." in page
    assert status_of(focus_group, scene.member) is VolunteerStatus.VOLUNTEERED
    # Twice is not possible: the form sends the person back to the page.
    assert browser.post(url(focus_group, "/meld-dig"), VOLUNTEER_FORM).status_code == 302
    browser.post_then_page(url(focus_group, "/fortryd"))
    assert status_of(focus_group, scene.member) is None


def test_who_may_volunteer(app, scene):
    focus_group = make_focus_group(scene)
    assert sign_in(app, scene.outsider).raw(url(focus_group, "/meld-dig"), 403)
    visitor = sign_in(app, None).raw(url(focus_group, "/meld-dig"), 302)
    assert "/konto/log-ind" in visitor.headers["Location"]
    assert "Log ind for at melde dig" in sign_in(app, None).page(url(focus_group))
    drawn = make_focus_group(scene, FocusGroupState.DRAWN,
                             volunteers=[(members_in(scene.network, 1)[0], Stratum.LONG)])
    assert sign_in(app, scene.member).raw(url(drawn, "/meld-dig"), 403)


def test_a_draft_is_hidden_from_everyone_but_organisers(app, scene):
    draft = make_focus_group(scene, FocusGroupState.DRAFT)
    for person in (None, scene.member, scene.other_moderator):
        sign_in(app, person).raw(url(draft), 404)
    assert "Offentliggør invitationen" in sign_in(app, scene.moderator).page(url(draft, "/arranger"))
    assert sign_in(app, scene.admin).page(url(draft, "/arranger"))


@pytest.mark.parametrize("role, status", [("member", 403), ("other_moderator", 403),
                                          ("moderator", 200), ("admin", 200)])
def test_the_organiser_page(app, scene, role, status):
    focus_group = make_focus_group(scene)
    sign_in(app, getattr(scene, role)).raw(url(focus_group, "/arranger"), status)


def test_organiser_tools_need_the_second_factor(app, scene):
    from tests.factories import make_moderator

    focus_group = make_focus_group(scene)
    without = make_moderator(scene.network, pseudonym="Uden Totrin")
    response = sign_in(app, without).raw(url(focus_group, "/arranger"), 302)
    assert "/totrin" in response.headers["Location"]
    response = sign_in(app, None).raw(url(focus_group, "/arranger"), 302)
    assert "/konto/log-ind" in response.headers["Location"]


def test_the_organiser_creates_opens_and_draws(app, scene, smtp_server):
    organiser = sign_in(app, scene.moderator)
    day = (utcnow() + timedelta(days=20)).date().isoformat()
    form = {"topic": "Ventetid", "description": "Om ventetid.", "meeting_form": "video",
            "starts_on": day, "starts_time": "13:30", "duration_minutes": "60",
            "closes_on": (utcnow() + timedelta(days=10)).date().isoformat(),
            "closes_time": "12:00",
            "place": "Link kommer på mail", "seats": "3", "quota_short": "0",
            "quota_medium": "0", "quota_long": "5", "compensation": "", "accessibility": "",
            "recording": "Intet"}
    refused = organiser.post(scene.create_url, form)
    assert refused.status_code == 422, refused.status_code
    assert "højst være 3 pladser" in refused.get_data(as_text=True)
    page = organiser.post_then_page(scene.create_url, {**form, "quota_long": "2"})
    assert "Invitationen er gemt som kladde" in page
    focus_group = db.session.scalar(select(FocusGroup).where(FocusGroup.topic == "Ventetid"))
    assert focus_group.state is FocusGroupState.DRAFT and focus_group.quotas["long"] == 2
    organiser.post_then_page(url(focus_group, "/aabn"))
    member = sign_in(app, scene.member)
    member.post_then_page(url(focus_group, "/meld-dig"), VOLUNTEER_FORM)
    close_volunteering(focus_group)
    page = organiser.post_then_page(url(focus_group, "/traek-lod"))
    assert "Der er trukket lod" in page
    assert status_of(focus_group, scene.member) is VolunteerStatus.SELECTED
    (mail,) = smtp_server.messages
    assert mail["To"] == scene.member.email and "udtrukket" in body_text(mail)
    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename() == f"fokusgruppe-{focus_group.id}.ics"
    event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Fokusgruppe: Ventetid"
    assert "12 34 56 78" not in mail.as_string()


def test_contact_details_are_shown_only_after_the_seat_is_accepted(app, scene):
    focus_group = make_focus_group(scene)
    member = sign_in(app, scene.member)
    member.post_then_page(url(focus_group, "/meld-dig"), VOLUNTEER_FORM)
    organiser = sign_in(app, scene.moderator)
    assert "12 34 56 78" not in organiser.page(url(focus_group, "/arranger"))
    close_volunteering(focus_group)
    organiser.post_then_page(url(focus_group, "/traek-lod"))
    page = organiser.page(url(focus_group, "/arranger"))
    assert "12 34 56 78" not in page and "Tolk på arabisk" not in page
    assert "12 34 56 78" not in sign_in(app, scene.admin).page(url(focus_group))
    page = member.post_then_page(url(focus_group, "/sig-ja"))
    assert "Pladsen er din" in page
    page = organiser.page(url(focus_group, "/arranger"))
    assert "12 34 56 78" in page and "Tolk på arabisk" in page and "Medlem Maja" in page
    # Only the organiser's page: the public pages never show it.
    for person in (None, scene.member, scene.other_moderator):
        assert "12 34 56 78" not in sign_in(app, person).page(url(focus_group))
    assert "12 34 56 78" not in sign_in(app, None).page(url(focus_group, "/lodtraekning"))


def test_the_calendar_file_is_for_the_person_with_a_seat(app, scene):
    focus_group = make_focus_group(scene, FocusGroupState.DRAWN,
                                   volunteers=[(scene.member, Stratum.LONG)])
    response = sign_in(app, scene.member).raw(url(focus_group, "/kalender.ics"))
    assert response.headers["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(response.get_data()).walk("VEVENT")[0]
    starts = focus_group.starts_at.replace(microsecond=0)
    assert event.decoded("DTSTART") == starts
    assert event.decoded("DTEND") == starts + timedelta(minutes=90)
    assert str(event["LOCATION"]) == "Rådhuset, lokale 2"
    assert str(event["UID"]) == f"focusgroup-{focus_group.id}@borgernet"
    assert f"/fokusgrupper/{focus_group.id}" in str(event["URL"])
    for person in (scene.outsider, scene.moderator):
        sign_in(app, person).raw(url(focus_group, "/kalender.ics"), 403)


def test_giving_up_a_seat_offers_it_from_the_waitlist_by_mail(app, scene, smtp_server):
    people = members_in(scene.network, 3)
    focus_group = make_focus_group(scene, FocusGroupState.DRAWN, seats=1, quotas={},
                                   volunteers=[(p, Stratum.SHORT) for p in people])
    holder = next(p for p in people if status_of(focus_group, p) is VolunteerStatus.SELECTED)
    sign_in(app, holder).post_then_page(url(focus_group, "/sig-nej"))
    assert status_of(focus_group, holder) is VolunteerStatus.DECLINED
    offered = [p for p in people if status_of(focus_group, p) is VolunteerStatus.SELECTED]
    assert len(offered) == 1
    (mail,) = smtp_server.messages
    assert mail["To"] == offered[0].email and "plads fri" in body_text(mail)


def test_the_lottery_page_shows_the_seed_only_after_the_draw(app, scene):
    people = members_in(scene.network, 3)
    focus_group = make_focus_group(scene, volunteers=[(p, Stratum.LONG) for p in people],
                                   seed="hemmeligt-frø")
    page = sign_in(app, None).page(url(focus_group, "/lodtraekning"))
    assert focus_group.seed_commitment in page and "hemmeligt-frø" not in page
    close_volunteering(focus_group)
    sign_in(app, scene.moderator).post_then_page(url(focus_group, "/traek-lod"))
    page = sign_in(app, None).page(url(focus_group, "/lodtraekning"))
    assert "hemmeligt-frø" in page and "Sådan trak vi lod" in page


def test_the_summary_is_published_on_the_page(app, scene):
    focus_group = make_focus_group(scene, FocusGroupState.HELD,
                                   volunteers=[(scene.member, Stratum.LONG)])
    organiser = sign_in(app, scene.moderator)
    refused = organiser.post(url(focus_group, "/opsamling"), {"summary": "Temaer",
                                                               "proposal_ids": "12; 13"})
    assert refused.status_code == 422 and "adskilt af komma" in refused.get_data(as_text=True)
    organiser.post_then_page(url(focus_group, "/opsamling"), {"summary": "- Ventetid",
                                                               "proposal_ids": ""})
    assert "<li>Ventetid</li>" in sign_in(app, None).page(url(focus_group))
    assert sign_in(app, scene.member).post(url(focus_group, "/opsamling"),
                                           {"summary": "x"}).status_code == 403


def test_the_list_shows_published_invitations(app, scene):
    open_group = make_focus_group(scene, topic="Åben invitation")
    make_focus_group(scene, FocusGroupState.DRAFT, topic="Hemmelig kladde")
    page = sign_in(app, None).page("/fokusgrupper")
    assert open_group.topic in page and "Hemmelig kladde" not in page
    page = sign_in(app, scene.moderator).page("/fokusgrupper")
    assert "Hemmelig kladde" in page and "Ny fokusgruppe i" in page


def test_the_commands(app, scene, smtp_server):
    focus_group = make_focus_group(scene, FocusGroupState.DRAWN,
                                   volunteers=[(scene.member, Stratum.LONG)])
    focus_group.starts_at = utcnow() + timedelta(hours=3)
    done()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["focusgroups", "remind"])
    assert "Reminded 1" in result.output, result.output
    (mail,) = smtp_server.messages
    assert "Husk fokusgruppen" in body_text(mail) and "http://borgernet.test/fokusgrupper/" in (
        body_text(mail))
    assert "Reminded 0" in runner.invoke(args=["focusgroups", "remind"]).output
    assert "Deleted 0" in runner.invoke(args=["focusgroups", "purge"]).output


def test_volunteering_is_rate_limited(app, scene, monkeypatch):
    monkeypatch.setitem(app.config, "LIMIT_VOLUNTEER", "2 per hour")
    focus_group = make_focus_group(scene)
    browser = sign_in(app, scene.member)
    codes = [browser.post(url(focus_group, "/meld-dig"), {"contact": "x"}).status_code
             for _ in range(3)]
    assert codes == [422, 422, 429]


def test_the_pages_in_english(app, scene):
    people = members_in(scene.network, 2)
    focus_group = make_focus_group(scene, FocusGroupState.SUMMARISED,
                                   volunteers=[(p, Stratum.LONG) for p in people])
    english = make_member(scene.network, pseudonym="English Emma", locale="en")
    open_group = make_focus_group(scene)
    browser = sign_in(app, english)
    page = browser.page(url(open_group))
    assert "Sign up for the focus group" in page and "Sign up by" in page
    page = browser.page(url(open_group, "/meld-dig"))
    assert "Put me in the lottery" in page and "set aside by how long" in page
    page = browser.page(url(focus_group))
    assert "Summary of the meeting" in page and "Seats for each group in the lottery" in page
    assert "Summary of the themes" not in page  # the organiser's form is not for members
    page = browser.page(url(focus_group, "/lodtraekning"))
    assert "Draw again yourself" in page and "How to check the fingerprint" in page


def test_a_draft_can_be_edited_and_a_published_invitation_cannot(app, scene):
    draft = make_focus_group(scene, FocusGroupState.DRAFT)
    organiser = sign_in(app, scene.moderator)
    page = organiser.page(url(draft, "/ret"))
    assert "Ret invitationen" in page and draft.topic in page and 'value="2"' in page
    form = {"topic": "Nyt emne", "description": draft.description, "meeting_form": "phone",
            "starts_on": (utcnow() + timedelta(days=9)).date().isoformat(),
            "starts_time": "10:00", "duration_minutes": "45", "place": "", "seats": "4",
            "closes_on": (utcnow() + timedelta(days=5)).date().isoformat(), "closes_time": "9:00",
            "quota_short": "0", "quota_medium": "0", "quota_long": "9", "recording": "Intet"}
    refused = organiser.post(url(draft, "/ret"), form)
    assert refused.status_code == 422 and "Nyt emne" in refused.get_data(as_text=True)
    organiser.post_then_page(url(draft, "/ret"), {**form, "quota_long": "3"})
    db.session.refresh(draft)
    assert (draft.topic, draft.quotas["long"], draft.duration_minutes) == ("Nyt emne", 3, 45)
    sign_in(app, scene.member).raw(url(draft, "/ret"), 403)
    organiser.post_then_page(url(draft, "/aabn"))
    organiser.raw(url(draft, "/ret"), 403)


def _invitation_form(**changes) -> dict:
    starts = (utcnow() + timedelta(days=20)).date()
    form = {"topic": "Breve", "description": "Om breve.", "meeting_form": "in_person",
            "starts_on": starts.isoformat(), "starts_time": "13:30", "duration_minutes": "90",
            "closes_on": (starts - timedelta(days=5)).isoformat(), "closes_time": "12:00",
            "place": "Rådhuset", "seats": "6", "quota_basis": "time", "recording": "Intet"}
    form.update(changes)
    return form


def test_quotas_per_benefit_group_are_published_before_the_draw(app, scene):
    organiser = sign_in(app, scene.moderator)
    refused = organiser.post(scene.create_url, _invitation_form(
        quota_basis="benefit", quota_long="2", quota_kontanthjaelp="3"))
    assert refused.status_code == 422
    assert "Sæt de andre kvoter til 0" in refused.get_data(as_text=True)
    organiser.post_then_page(scene.create_url, _invitation_form(
        quota_basis="benefit", quota_kontanthjaelp="3", quota_ressourceforloeb="2"))
    focus_group = db.session.scalar(select(FocusGroup).where(FocusGroup.topic == "Breve"))
    assert focus_group.quota_basis.value == "benefit"
    assert (focus_group.quotas["kontanthjaelp"], focus_group.quotas["ressourceforloeb"],
            focus_group.free_seats) == (3, 2, 1)
    edit = organiser.page(url(focus_group, "/ret"))
    assert '<input checked class="form-radio" id="quota_basis-1"' in edit
    organiser.post_then_page(url(focus_group, "/aabn"))
    for address in (url(focus_group), url(focus_group, "/lodtraekning")):
        page = sign_in(app, None).page(address)
        assert "<th scope=\"col\">Ydelse</th>" in page
        row = '<th scope="row" data-title="Ydelse">{}</th><td data-title="Pladser">{}</td>'
        assert row.format("Kontanthjælp", 3) in page
        assert row.format("Ressourceforløb", 2) in page
        assert "Tilmelding senest" in page
    page = sign_in(app, scene.member).page(url(focus_group, "/meld-dig"))
    assert "sat af efter ydelse" in page


def test_volunteering_after_the_closing_date_gets_a_clear_message(app, scene):
    focus_group = make_focus_group(scene)
    member = sign_in(app, scene.member)
    assert "Tilmelding senest" in member.page("/fokusgrupper")
    close_volunteering(focus_group)
    page = member.page(url(focus_group))
    assert "Tilmeldingen er lukket" in page and "Meld dig til fokusgruppen" not in page
    response = member.post(url(focus_group, "/meld-dig"), VOLUNTEER_FORM)
    assert response.status_code == 302
    assert "Tilmeldingen er lukket. Fristen var" in member.page(url(focus_group))
    assert status_of(focus_group, scene.member) is None
    assert "Træk lod" in sign_in(app, scene.moderator).page(url(focus_group, "/arranger"))


def test_the_organiser_may_draw_only_after_the_closing_date(app, scene):
    people = members_in(scene.network, 2)
    focus_group = make_focus_group(scene, volunteers=[(p, Stratum.LONG) for p in people])
    organiser = sign_in(app, scene.moderator)
    page = organiser.page(url(focus_group, "/arranger"))
    assert "Derefter kan du trække lod" in page and "Træk lod</button>" not in page
    page = organiser.post_then_page(url(focus_group, "/traek-lod"))
    assert "først trække lod" in page
    db.session.refresh(focus_group)
    assert focus_group.state is FocusGroupState.OPEN


def test_a_focus_group_for_the_whole_municipality(app, scene):
    create = f"/kommuner/{scene.municipality.slug}/fokusgrupper/ny"
    # Each person signs in once: a two-factor code is accepted only once.
    admin = sign_in(app, scene.admin)
    organiser = sign_in(app, scene.other_moderator)  # moderates Dagpenge, not Sygedagpenge
    member = sign_in(app, scene.member)
    for browser, status in ((member, 403), (admin, 200), (organiser, 200)):
        browser.raw(create, status)
    assert "Ny fokusgruppe for hele Fokusby" in organiser.page("/fokusgrupper")
    assert "for hele Fokusby" in organiser.page(create)
    organiser.post_then_page(create, _invitation_form(topic="Hele kommunen"))
    focus_group = db.session.scalar(select(FocusGroup).where(FocusGroup.topic == "Hele kommunen"))
    assert focus_group.network_id is None and focus_group.municipality_id == scene.municipality.id
    assert "Hele kommunen" in organiser.page("/fokusgrupper")  # a draft, for its organisers
    assert "for hele Fokusby" in organiser.page(url(focus_group, "/ret"))
    assert "Medlemmer af alle netværk i Fokusby" in organiser.page(url(focus_group, "/arranger"))
    organiser.post_then_page(url(focus_group, "/aabn"))
    page = sign_in(app, None).page(f"/fokusgrupper?kommune={scene.municipality.slug}")
    assert "Fokusgrupper i Fokusby" in page and "Hele kommunen" in page and "Hele Fokusby" in page
    page = sign_in(app, None).page(f"/kommuner/{scene.municipality.slug}/")
    assert f"/fokusgrupper?kommune={scene.municipality.slug}" in page
    assert "Ny fokusgruppe for hele" not in page
    assert create in admin.page(f"/kommuner/{scene.municipality.slug}/")
    # A member of any of the municipality's networks may volunteer; someone without one not.
    sign_in(app, scene.outsider).raw(url(focus_group, "/meld-dig"), 403)
    assert "Bliv medlem af netværket" in sign_in(app, scene.outsider).page(url(focus_group))
    page = member.post_then_page(url(focus_group, "/meld-dig"), VOLUNTEER_FORM)
    assert "Du er med i lodtrækningen som nummer 1." in page
    sign_in(app, scene.moderator).raw(url(focus_group, "/arranger"), 200)
