"""The personal-data guard on proposals: a new proposal, a new version and a comment. CPR numbers
are refused, phone numbers and e-mails wait for the writer's choice, crisis text goes through
with help shown and the moderators alerted. Nothing typed is ever lost."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.core.events import Event
from app.extensions import db
from app.proposals.models import Proposal, ProposalComment, ProposalRevision
from tests.proposals.builders import TEXT, Browser, body, build_scene

CPR_TEXT = "Jeg har CPR-nummer 241285-3917 og venter stadig på svar."
PHONE_TEXT = "Ring til mig på +45 22 34 56 78 eller skriv til frida@example.dk."
CRISIS_TEXT = "Jeg har tænkt på selvmord, fordi sagen trækker ud."
CPR_MESSAGE = ("Det ligner et CPR-nummer. Af hensyn til dig selv må du ikke skrive CPR-numre her. "
               "Fjern det og prøv igen.")
ASKS = "Vil du dele det her?"
GUIDELINES = 'href="/om/retningslinjer"'
KINDS = ("new", "edit", "comment")


@pytest.fixture
def scene(app_ctx):
    made = build_scene()
    made.urls = {"new": made.list_url + "/nyt", "edit": made.url + "/rediger",
                 "comment": made.url + "/kommentarer"}
    return made


def form_data(kind: str, value: str, **buttons: str) -> dict:
    """The form each page sends, with `value` in the field the test looks at."""
    if kind == "comment":
        return {"body": value, **buttons}
    return {**TEXT, "problem": value, **({"message": "Rettet"} if kind == "edit" else {}),
            **(buttons or {"submit": "Gem"})}


FIELD = {"new": "problem", "edit": "problem", "comment": "body"}


def texts() -> set[str]:
    """Every stored text a writer can send: proposals, their versions and comments."""
    db.session.rollback()
    found = set(db.session.scalars(select(Proposal.problem)))
    found |= set(db.session.scalars(select(ProposalRevision.problem)))
    found |= set(db.session.scalars(select(ProposalComment.body)))
    return found


def row_counts() -> tuple[int, int, int]:
    db.session.rollback()
    return tuple(len(db.session.scalars(select(model.id)).all())
                 for model in (Proposal, ProposalRevision, ProposalComment))


def alerts() -> list[Event]:
    db.session.rollback()
    return list(db.session.scalars(select(Event).where(Event.kind == "moderation.crisis_alert")))


def textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, f"no textarea {name}"
    return match.group(1).lstrip("\r\n")


def ack(page: str) -> str:
    tag = re.search(r'<input[^>]*name="guard_ack"[^>]*>', page)
    assert tag, "no guard_ack field on the page"
    return re.search(r'value="([^"]*)"', tag.group(0)).group(1)


@pytest.mark.parametrize("kind", KINDS)
def test_a_cpr_number_is_refused_and_the_text_kept(app, scene, kind):
    frida = Browser(app, scene.creator)
    before = row_counts()
    for buttons in ({}, {"guard_send": "Send alligevel"}, {"guard_remove": "Fjern det for mig"}):
        response = frida.post(scene.urls[kind], form_data(kind, CPR_TEXT, **buttons))
        page = body(response)
        assert response.status_code == 422, page[:400]
        assert CPR_MESSAGE in page and "Din tekst er ikke sendt" in page and GUIDELINES in page
        assert textarea(page, FIELD[kind]) == CPR_TEXT
        if kind != "comment":
            assert textarea(page, "action") == TEXT["action"]
            assert f'value="{TEXT["title"]}"' in page
        assert row_counts() == before and CPR_TEXT not in texts()
    assert alerts() == []


def test_a_cpr_number_in_the_change_message_is_refused_too(app, scene):
    frida = Browser(app, scene.creator)
    before = row_counts()
    response = frida.post(scene.urls["edit"], {**TEXT, "impact": "Bedre for alle.",
                                               "message": "Rettet for 0101901234", "submit": "Gem"})
    page = body(response)
    assert response.status_code == 422
    assert re.search(r'id="message-error"[^>]*>.*?Det ligner et CPR-nummer', page, re.S)
    assert 'value="Rettet for 0101901234"' in page and textarea(page, "impact") == "Bedre for alle."
    assert row_counts() == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_phone_number_asks_first_and_remove_it_for_me_saves_nothing(app, scene, kind):
    frida = Browser(app, scene.creator)
    before = row_counts()
    response = frida.post(scene.urls[kind], form_data(kind, PHONE_TEXT))
    page = body(response)
    assert response.status_code == 422, page[:400]
    assert ASKS in page and GUIDELINES in page
    assert "+45 22 34 56 78, frida@example.dk" in page
    assert 'name="guard_remove"' in page and 'name="guard_send"' in page
    assert 'name="submit"' not in page and "Send kommentar" not in page
    assert textarea(page, FIELD[kind]) == PHONE_TEXT and row_counts() == before

    response = frida.post(scene.urls[kind], form_data(kind, PHONE_TEXT, guard_ack=ack(page),
                                                      guard_remove="Fjern det for mig"))
    page = body(response)
    assert response.status_code == 200
    assert textarea(page, FIELD[kind]) == "Ring til mig på [fjernet] eller skriv til [fjernet]."
    assert "Intet er sendt endnu" in page and ASKS not in page
    assert row_counts() == before and PHONE_TEXT not in texts()

    response = frida.post(scene.urls[kind], form_data(kind, textarea(page, FIELD[kind])))
    assert response.status_code == 302
    assert "Ring til mig på [fjernet] eller skriv til [fjernet]." in texts()


@pytest.mark.parametrize("kind", KINDS)
def test_send_anyway_saves_the_text_as_it_is(app, scene, kind):
    frida = Browser(app, scene.creator)
    page = body(frida.post(scene.urls[kind], form_data(kind, PHONE_TEXT)))
    response = frida.post(scene.urls[kind], form_data(kind, PHONE_TEXT, guard_ack=ack(page),
                                                      guard_send="Send alligevel"))
    assert response.status_code == 302
    assert PHONE_TEXT in texts()


def test_a_suggestion_stays_ticked_through_the_choice(app, scene):
    frida = Browser(app, scene.creator)
    page = body(frida.post(scene.urls["comment"], {"body": PHONE_TEXT, "is_suggestion": "y"}))
    assert re.search(r'<input[^>]*checked[^>]*name="is_suggestion"|<input[^>]*name="is_suggestion"'
                     r'[^>]*checked', page)
    response = frida.post(scene.urls["comment"], {"body": PHONE_TEXT, "is_suggestion": "y",
                                                  "guard_ack": ack(page), "guard_send": "x"})
    assert response.status_code == 302
    db.session.rollback()
    saved = db.session.scalar(select(ProposalComment).where(ProposalComment.body == PHONE_TEXT))
    assert saved.is_suggestion


@pytest.mark.parametrize("kind", KINDS)
def test_crisis_text_is_saved_help_is_shown_and_moderators_alerted(app, scene, kind):
    frida = Browser(app, scene.creator)
    page = frida.post_then_page(scene.urls[kind], form_data(kind, CRISIS_TEXT))
    assert CRISIS_TEXT in page and CRISIS_TEXT in texts()
    assert "Livslinien" in page and 'href="tel:+4570201201"' in page and "70 201 201" in page
    assert 'href="tel:112"' in page and "moderatorer har fået besked" in page
    [alert] = alerts()
    assert alert.network_id == scene.network.id and alert.actor_id == scene.creator.id
    if kind == "new":
        assert alert.proposal_id == db.session.scalar(
            select(Proposal.id).where(Proposal.problem == CRISIS_TEXT))
    else:
        assert alert.proposal_id == scene.proposal.id
    if kind == "comment":
        assert alert.data == {"comment_id": db.session.scalar(
            select(ProposalComment.id).where(ProposalComment.body == CRISIS_TEXT))}
    assert CRISIS_TEXT not in str(alert.data)


def test_saving_an_unchanged_proposal_sends_no_new_alert(app, scene):
    frida = Browser(app, scene.creator)
    frida.post_then_page(scene.urls["edit"], form_data("edit", CRISIS_TEXT))
    page = frida.post_then_page(scene.urls["edit"], form_data("edit", CRISIS_TEXT))
    assert "Du har ikke ændret noget" in page
    assert len(alerts()) == 1


def test_the_readability_check_is_not_guarded(app, scene):
    frida = Browser(app, scene.creator)
    response = frida.post(scene.urls["new"], {**TEXT, "problem": PHONE_TEXT, "check": "Tjek"})
    assert response.status_code == 200 and ASKS not in body(response)


def test_the_comment_form_links_to_the_guidelines(app, scene):
    page = Browser(app, scene.member).page(scene.url)
    form = page[page.index('action="' + scene.urls["comment"]):]
    assert GUIDELINES in form[:form.index("</form>")]
