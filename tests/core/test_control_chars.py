"""Control characters are refused in one place each: 404 in an address, a clear field error
(422, the form shown again with the text) in a form, a 422 page with the text for the few
plain fields. Never a 500, on SQLite and on PostgreSQL alike (NUL cannot be stored there)."""

from __future__ import annotations

import html

import pytest

from tests.factories import make_member
from tests.moderation.builders import Person, act_url, audit_count, build_scene, fresh

NOT_USABLE = "Feltet indeholder tegn, der ikke kan bruges."


@pytest.fixture
def scene(app_ctx):
    return build_scene()


@pytest.mark.parametrize("url", [
    "/kommuner/%00/", "/kommuner/%00", "/kommuner/modby/%00/", "/kommuner/modby/dagpenge%01/",
    "/%00", "/konto/ny-adgangskode/abc%00def", "/traade/1%00",
])
def test_a_control_character_in_the_path_is_404(app, scene, client, url):
    response = client.get(url)
    assert response.status_code == 404, url
    assert "Siden findes ikke" in response.get_data(as_text=True)


@pytest.mark.parametrize(("url", "same_as"), [
    ("/kommuner/modby/dagpenge/forslag?status=%00", "/kommuner/modby/dagpenge/forslag"),
    ("/kommuner/modby/dagpenge/forslag?status=passed%00&foer=1", "/kommuner/modby/dagpenge/forslag?foer=1"),
    ("/kommuner/modby/dagpenge/?efter=1%00", "/kommuner/modby/dagpenge/"),
    ("/kommuner/modby/dagpenge/moderation/log?foer=%7F", "/kommuner/modby/dagpenge/moderation/log"),
])
def test_a_query_argument_with_a_control_character_is_ignored(app, scene, client, url, same_as):
    moderator = Person(app, scene.moderator)
    assert main(moderator.page(url)) == main(moderator.page(same_as))


def main(page: str) -> str:
    """The page's own content (the header's language form echoes the address as typed)."""
    return page.split('<main id="main-content"', 1)[1].split("</main>", 1)[0]


def test_hiding_with_a_nul_in_the_reason_is_422_and_keeps_the_text(app, scene):
    response = Person(app, scene.moderator).post(act_url(scene.post, "skjul"),
                                                 {"reason": "Hængte en\x00 sagsbehandler ud"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert NOT_USABLE in page and "Hængte en sagsbehandler ud</textarea>" in page
    assert not fresh(scene.post).is_hidden and audit_count() == 0


@pytest.mark.parametrize(("url", "data", "kept"), [
    ("udeluk", {"s-pseudonym": "Forfatter\x00 Frede", "s-until": "2999-01-01",
                "s-reason": "Grund."}, 'value="Forfatter Frede"'),
    ("udeluk", {"s-pseudonym": "Forfatter Frede", "s-until": "2999-01-01",
                "s-reason": "Personangreb\x00 igen"}, 'value="Personangreb igen"'),
    ("advar", {"w-pseudonym": "Forfatter\x00 Frede", "w-text": "Husk tonen."}, "Husk tonen.</textarea>"),
    ("advar", {"w-pseudonym": "Forfatter Frede", "w-text": "Husk\x00 tonen."}, "Husk tonen.</textarea>"),
])
def test_suspending_or_warning_with_a_nul_is_422_and_keeps_the_text(app, scene, url, data, kept):
    response = Person(app, scene.moderator).post(f"{scene.queue_url}/{url}", data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert NOT_USABLE in page and kept in page
    assert "\x00" not in page
    assert fresh(scene.author).pseudonym == "Forfatter Frede"
    assert audit_count() == 0


def test_a_nul_in_a_new_thread_is_a_field_error_with_the_text_kept(app, scene):
    writer = Person(app, make_member(scene.network, pseudonym="Skriver Sif"))
    response = writer.post(f"{scene.base}/ny-traad", {"title": "Ventetid\x00 hos jobcentret",
                                                     "body": "Hvor længe ventede I?"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert NOT_USABLE in page and 'value="Ventetid hos jobcentret"' in page
    assert "Hvor længe ventede I?" in page
