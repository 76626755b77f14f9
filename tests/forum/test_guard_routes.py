"""The personal-data guard in the forum: new thread, reply and edit. CPR numbers are refused,
phone numbers and e-mails wait for the writer's choice, crisis text goes through with help shown
and the moderators alerted. Nothing typed is ever lost. The scene is tests.networks.test_routes'."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.accounts.models import User
from app.core.events import Event
from app.extensions import db
from app.forum.models import Post
from tests.accounts.test_routes import text
from tests.networks.test_routes import build_scene, client_for, post

CPR_TEXT = "Mit CPR-nummer er 010190-1234. Kan I se min sag?"
PHONE_TEXT = "Ring til mig på 22 34 56 78 eller skriv til mads@example.dk."
CRISIS_TEXT = "Jeg er så træt. Jeg vil ikke leve mere."
CPR_MESSAGE = ("Det ligner et CPR-nummer. Af hensyn til dig selv må du ikke skrive CPR-numre her. "
               "Fjern det og prøv igen.")
ASKS = "Vil du dele det her?"
GUIDELINES = 'href="/om/retningslinjer"'
KINDS = ("new", "reply", "edit")


@pytest.fixture
def scene(app) -> SimpleNamespace:
    made = build_scene(app)
    with app.app_context():
        made.opening = db.session.scalar(select(Post.id).where(Post.thread_id == made.pub_thread)
                                         .order_by(Post.id))
    made.urls = {"new": made.pub_url + "ny-traad", "reply": f"/traade/{made.pub_thread}/svar",
                 "edit": f"/indlaeg/{made.opening}/rediger"}
    return made


def form_data(kind: str, body: str, **extra: str) -> dict:
    data = {"body": body, **extra}
    if kind == "new":
        data["title"] = "Om min samtale"
    return data


def bodies(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Post.body).order_by(Post.id)))


def alerts(app) -> list[Event]:
    with app.app_context():
        found = list(db.session.scalars(select(Event).where(
            Event.kind == "moderation.crisis_alert").order_by(Event.id)))
        db.session.expunge_all()
        return found


def textarea(page: str) -> str:
    match = re.search(r'<textarea[^>]*name="body"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, "no body textarea on the page"
    return match.group(1).lstrip("\r\n")


def ack(page: str) -> str:
    tag = re.search(r'<input[^>]*name="guard_ack"[^>]*>', page)
    assert tag, "no guard_ack field on the page"
    return re.search(r'value="([^"]*)"', tag.group(0)).group(1)


@pytest.mark.parametrize("kind", KINDS)
def test_a_cpr_number_is_refused_and_the_text_kept(app, scene, kind):
    client = client_for(app, "Medlem Mads")
    before = bodies(app)
    for buttons in ({"submit": "x"}, {"guard_send": "x"}, {"guard_remove": "x"}):
        response = post(client, scene.urls[kind], form_data(kind, CPR_TEXT, **buttons))
        page = text(response)
        assert response.status_code == 422, page[:400]
        assert CPR_MESSAGE in page and "Din tekst er ikke sendt" in page and GUIDELINES in page
        assert textarea(page) == CPR_TEXT
        if kind == "new":
            assert 'value="Om min samtale"' in page
        assert bodies(app) == before
    assert alerts(app) == []


def test_a_cpr_number_in_a_title_is_refused_on_the_title(app, scene):
    client = client_for(app, "Medlem Mads")
    before = bodies(app)
    response = post(client, scene.urls["new"], {"title": "Sag 0101901234", "body": "Hjælp",
                                                "submit": "x"})
    page = text(response)
    assert response.status_code == 422
    assert re.search(r'id="title-error"[^>]*>.*?Det ligner et CPR-nummer', page, re.S)
    assert 'value="Sag 0101901234"' in page and textarea(page) == "Hjælp"
    assert bodies(app) == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_phone_number_asks_first_and_remove_it_for_me_saves_nothing(app, scene, kind):
    client = client_for(app, "Medlem Mads")
    before = bodies(app)
    response = post(client, scene.urls[kind], form_data(kind, PHONE_TEXT, submit="x"))
    page = text(response)
    assert response.status_code == 422, page[:400]
    assert ASKS in page and GUIDELINES in page
    assert "Det ligner et telefonnummer eller en e-mailadresse: 22 34 56 78, mads@example.dk" in page
    assert 'name="guard_remove"' in page and 'name="guard_send"' in page
    assert 'name="submit"' not in page  # the two choices replace the send button
    assert textarea(page) == PHONE_TEXT and bodies(app) == before

    response = post(client, scene.urls[kind], form_data(kind, PHONE_TEXT, guard_remove="x",
                                                        guard_ack=ack(page)))
    page = text(response)
    assert response.status_code == 200
    assert textarea(page) == "Ring til mig på [fjernet] eller skriv til [fjernet]."
    assert "Intet er sendt endnu" in page and ASKS not in page and 'name="submit"' in page
    if kind == "new":
        assert 'value="Om min samtale"' in page
    assert bodies(app) == before

    # Sending the reviewed text saves it as it now is.
    response = post(client, scene.urls[kind], form_data(kind, textarea(page), submit="x"))
    assert response.status_code == 302
    assert "Ring til mig på [fjernet] eller skriv til [fjernet]." in bodies(app)


@pytest.mark.parametrize("kind", KINDS)
def test_send_anyway_saves_the_text_as_it_is(app, scene, kind):
    client = client_for(app, "Medlem Mads")
    page = text(post(client, scene.urls[kind], form_data(kind, PHONE_TEXT, submit="x")))
    response = post(client, scene.urls[kind], form_data(kind, PHONE_TEXT, guard_send="x",
                                                        guard_ack=ack(page)))
    assert response.status_code == 302
    assert PHONE_TEXT in bodies(app)


def test_send_anyway_asks_again_about_a_number_added_after_the_warning(app, scene):
    client = client_for(app, "Medlem Mads")
    url = scene.urls["reply"]
    page = text(post(client, url, {"body": "Ring 22 34 56 78", "submit": "x"}))
    response = post(client, url, {"body": "Ring 22 34 56 78 eller 33 44 55 66", "guard_send": "x",
                                  "guard_ack": ack(page)})
    assert response.status_code == 422 and "33 44 55 66" in text(response)
    assert "Ring 22 34 56 78 eller 33 44 55 66" not in bodies(app)


@pytest.mark.parametrize("kind", KINDS)
def test_crisis_text_is_saved_help_is_shown_and_moderators_alerted(app, scene, kind):
    client = client_for(app, "Medlem Mads")
    response = post(client, scene.urls[kind], form_data(kind, CRISIS_TEXT, submit="x"))
    assert response.status_code == 302
    assert "#" not in response.headers["Location"]  # lands at the top, where the help is
    assert CRISIS_TEXT in bodies(app)
    page = text(client.get(response.headers["Location"]))
    assert 'id="krisehjaelp"' in page
    assert CRISIS_TEXT in page
    assert "Livslinien" in page and 'href="tel:+4570201201"' in page and "70 201 201" in page
    assert 'href="https://www.livslinien.dk"' in page and 'href="tel:112"' in page
    [alert] = alerts(app)
    with app.app_context():
        post_id = db.session.scalar(select(Post.id).where(Post.body == CRISIS_TEXT))
        mads = db.session.scalar(select(User.id).where(User.pseudonym == "Medlem Mads"))
    assert alert.network_id == scene.pub_id and alert.actor_id == mads
    assert CRISIS_TEXT not in str(alert.data)  # the alert points at the post, it does not copy it
    if kind == "new":
        assert alert.data["thread_id"] != scene.pub_thread
    else:
        assert alert.data == {"thread_id": scene.pub_thread, "post_id": post_id}


@pytest.mark.parametrize("kind", ["new", "reply"])
def test_the_same_crisis_form_sent_twice_alerts_the_moderators_once(app, scene, kind):
    client = client_for(app, "Medlem Mads")
    data = form_data(kind, CRISIS_TEXT, submit="x", submission_key="a" * 32)
    for _ in range(2):  # a double click, or a browser sending again after a lost answer
        response = post(client, scene.urls[kind], dict(data))
        assert response.status_code == 302
        assert "Livslinien" in text(client.get(response.headers["Location"]))
    assert bodies(app).count(CRISIS_TEXT) == 1
    assert len(alerts(app)) == 1


def test_a_calm_reply_lands_on_the_post_not_on_help(app, scene):
    client = client_for(app, "Medlem Mads")
    response = post(client, scene.urls["reply"], {"body": "Tak for svaret.", "submit": "x"})
    assert response.status_code == 302 and "#post-" in response.headers["Location"]
    page = text(client.get(response.headers["Location"]))
    assert 'id="krisehjaelp"' not in page
    assert 'href="tel:+4570201201"' in page and 'href="tel:112"' in page  # the footer


def test_saving_an_unchanged_post_sends_no_new_alert(app, scene):
    client = client_for(app, "Medlem Mads")
    for _ in range(2):
        response = post(client, scene.urls["edit"], {"body": CRISIS_TEXT, "submit": "x"})
        assert response.status_code == 302
    assert len(alerts(app)) == 1


def test_crisis_help_is_shown_at_once_even_while_a_phone_number_waits(app, scene):
    client = client_for(app, "Medlem Mads")
    response = post(client, scene.urls["reply"], {"body": CRISIS_TEXT + " Ring 22 34 56 78",
                                                  "submit": "x"})
    page = text(response)
    assert response.status_code == 422 and ASKS in page
    assert "Livslinien" in page and "70 201 201" in page
    assert "moderatorer har fået besked" not in page  # nothing is saved, so no one is told yet
    assert alerts(app) == []


def test_preview_is_not_checked(app, scene):
    client = client_for(app, "Medlem Mads")
    response = post(client, scene.urls["reply"], {"body": PHONE_TEXT, "preview": "x"})
    assert response.status_code == 200 and ASKS not in text(response)
