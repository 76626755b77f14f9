"""The forum over HTTP: who may write, locked threads, bad input, preview, quotes, links, edit,
delete, "genkender det", safe Markdown and CSRF. The scene is the one from tests.networks.test_routes."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from flask_babel import format_datetime
from sqlalchemy import func, select

from app.extensions import db
from app.forum.models import Post, Reaction, Thread
from app.networks.models import Network, Visibility
from tests.accounts.test_routes import assert_login_redirect, text
from tests.factories import bulk_posts, lock, make_post
from tests.networks.test_routes import build_scene, client_for, get_page, post

OPENING = "Det gik fint i dag."
DANGEROUS = ("<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n"
             "![t](https://tracker.example/p.gif)\n\n**fed** tekst")


@pytest.fixture
def scene(app) -> SimpleNamespace:
    made = build_scene(app)
    with app.app_context():
        made.opening = post_ids(made.pub_thread)[0]
    made.new_pub, made.new_sec = made.pub_url + "ny-traad", made.sec_url + "ny-traad"
    made.reply_pub, made.reply_sec = f"/traade/{made.pub_thread}/svar", f"/traade/{made.sec_thread}/svar"
    return made


def post_ids(thread_id: int) -> list[int]:
    return list(db.session.scalars(select(Post.id).where(Post.thread_id == thread_id).order_by(Post.id)))


def rows(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def stored(app, model, id_: int, field: str):
    with app.app_context():
        return getattr(db.session.get(model, id_), field)


def add_reply(app, thread_id: int, pseudonym: str, body: str) -> int:
    from app.accounts.models import User

    with app.app_context():
        author = db.session.scalar(select(User).where(User.pseudonym == pseudonym))
        return make_post(db.session.get(Thread, thread_id), author, body).id


def textarea(page: str) -> str:
    match = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)
    assert match, "no textarea on the page"
    return match.group(1).lstrip("\r\n")


def counts(app) -> tuple[int, int]:
    return rows(app, Thread), rows(app, Post)


# --- who may write -----------------------------------------------------------------------------

def test_a_member_starts_a_thread_and_replies(app, scene):
    client = client_for(app, "Medlem Mads")
    assert 'name="title"' in get_page(client, scene.new_pub)
    response = post(client, scene.new_pub, {"title": "Aktivering igen", "body": "Hvad gør I?", "submit": "x"})
    assert response.status_code == 302
    thread_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    page = get_page(client, f"/traade/{thread_id}")
    assert "Din tråd er oprettet." in page and "Aktivering igen" in page and "Hvad gør I?" in page
    response = post(client, f"/traade/{thread_id}/svar", {"body": "Mit eget svar", "submit": "x"})
    assert response.status_code == 302 and "#post-" in response.headers["Location"]
    assert "Mit eget svar" in get_page(client, response.headers["Location"])
    real = rows(app, Thread, Thread.network_id == scene.pub_id)
    assert stored(app, Network, scene.pub_id, "thread_count") == 2 == real
    assert stored(app, Thread, thread_id, "post_count") == 2 == rows(app, Post, Post.thread_id == thread_id)


def test_non_members_cannot_write_in_an_approval_network(app, scene):
    """Members-only: starting a thread is 403 and the thread itself stays hidden (404)."""
    before = counts(app)
    for who in ("Udenfor Ulla", "Venter Villy", "Nabo Nina"):
        client = client_for(app, who)
        assert client.get(scene.new_sec).status_code == 403
        assert post(client, scene.new_sec, {"title": "Ind ad bagdøren", "body": "Hej"}).status_code == 403
        assert post(client, scene.reply_sec, {"body": "Hej"}).status_code == 404
    assert counts(app) == before


def test_non_members_get_403_in_a_public_approval_network(app, scene):
    with app.app_context():
        db.session.get(Network, scene.sec_id).visibility = Visibility.PUBLIC
        db.session.commit()
    before = counts(app)
    for who in ("Udenfor Ulla", "Venter Villy"):
        client = client_for(app, who)
        assert post(client, scene.new_sec, {"title": "Ind ad bagdøren", "body": "Hej"}).status_code == 403
        assert client.get(scene.reply_sec).status_code == 403
        assert post(client, scene.reply_sec, {"body": "Hej"}).status_code == 403
        assert post(client, f"/indlaeg/{scene.sec_reply}/genkender").status_code == 403
    assert counts(app) == before


def test_a_visitor_is_sent_to_log_in(app, scene):
    client = client_for(app)
    assert_login_redirect(client.get(scene.new_pub), scene.new_pub)
    assert_login_redirect(client.get(scene.new_sec), scene.new_sec)
    assert_login_redirect(post(client, scene.new_pub, {"title": "Hej med jer", "body": "x"}), scene.new_pub)
    assert_login_redirect(post(client, scene.reply_pub, {"body": "x"}), scene.reply_pub)
    page = get_page(client, f"/traade/{scene.pub_thread}")
    assert "Log ind for at svare" in page and "Genkender det (" not in page


def test_a_suspended_member_cannot_post_reply_or_react(app, scene):
    client = client_for(app, "Udelukket Uffe")
    before = counts(app)
    assert client.get(scene.new_pub).status_code == 403
    assert post(client, scene.new_pub, {"title": "Jeg skriver alligevel", "body": "x"}).status_code == 403
    assert client.get(scene.reply_pub).status_code == 403
    assert post(client, scene.reply_pub, {"body": "x"}).status_code == 403
    assert post(client, f"/indlaeg/{scene.opening}/genkender").status_code == 403
    assert counts(app) == before and rows(app, Reaction) == 0
    page = get_page(client, f"/traade/{scene.pub_thread}")
    assert "Skriv et svar" not in page and "Genkender det (" not in page
    assert "Du er udelukket fra at skrive i netværket til og med" in get_page(client, scene.pub_url)


# --- locked threads and bad input --------------------------------------------------------------

def test_a_locked_thread_says_why_and_keeps_the_typed_text(app, scene):
    with app.app_context():
        lock(db.session.get(Thread, scene.pub_thread), "Diskussionen er afsluttet.")
    client = client_for(app, "Medlem Mads")
    page = get_page(client, f"/traade/{scene.pub_thread}")
    assert "Tråden er låst." in page and "Begrundelse: Diskussionen er afsluttet." in page
    assert "Skriv et svar" not in page and "Citér" not in page
    typed = "Mit lange svar, som jeg ikke vil miste <3"
    response = post(client, scene.reply_pub, {"body": typed, "submit": "x"})
    assert response.status_code == 422
    page = text(response)
    assert "Tråden er låst, så du kan ikke skrive i den." in page and "Diskussionen er afsluttet." in page
    assert textarea(page) == typed
    assert rows(app, Post, Post.thread_id == scene.pub_thread) == 1


TOO_LONG_TITLE = "Overskrift " * 14  # 154 characters
TOO_LONG_BODY = "ord " * 2501  # 10,004 characters


@pytest.mark.parametrize("title, body, message", [
    ("", "Brødtekst", "Skriv en overskrift."),
    ("   ", "Brødtekst", "Skriv en overskrift."),
    ("Kort", "Brødtekst", "Overskriften skal være mindst 5 tegn."),
    (TOO_LONG_TITLE.strip(), "Brødtekst",
     "Overskriften må højst være 150 tegn. Du har skrevet 153."),
    ("En god overskrift", "", "Skriv dit indlæg."),
    ("En god overskrift", " \n ", "Skriv dit indlæg."),
    ("En god overskrift", TOO_LONG_BODY.strip() + "x" * 10,
     "Indlægget må højst være 10000 tegn. Du har skrevet 10013."),
    ("En god overskrift", "Kontrol\x07tegn", "Feltet indeholder tegn, der ikke kan bruges."),
], ids=["empty-title", "blank-title", "short-title", "long-title", "empty-body", "blank-body",
        "long-body", "control-character"])
def test_bad_input_for_a_new_thread_is_422_and_keeps_the_text(app, scene, title, body, message):
    client = client_for(app, "Medlem Mads")
    before = counts(app)
    response = post(client, scene.new_pub, {"title": title, "body": body, "submit": "x"})
    assert response.status_code == 422
    page = text(response)
    assert message in page and "Ret det markerede, før du går videre" in page
    assert "<title>Fejl: " in page  # the title says so first, as the screen reader reads it
    if title.strip():
        assert f'value="{title.strip()}"' in page
    if body.strip() and "\x07" not in body:
        assert textarea(page) == body.strip()
    assert counts(app) == before


def test_the_limits_themselves_are_accepted(app, scene):
    client = client_for(app, "Medlem Mads")
    response = post(client, scene.new_pub, {"title": "T" * 150, "body": "b" * 10_000, "submit": "x"})
    assert response.status_code == 302


@pytest.mark.parametrize("body, messages", [
    ("", ("Skriv dit svar.", "Skriv dit indlæg.")),
    ("z" * 10_001, ("Indlægget må højst være 10000 tegn. Du har skrevet 10001.",) * 2)])
def test_bad_input_for_a_reply_and_an_edit_is_422(app, scene, body, messages):
    client = client_for(app, "Medlem Mads")
    for url, message in zip((scene.reply_pub, f"/indlaeg/{scene.opening}/rediger"), messages,
                            strict=True):
        response = post(client, url, {"body": body, "submit": "x"})
        assert response.status_code == 422 and message in text(response)
        assert "<title>Fejl: " in text(response)
        assert textarea(text(response)) == body
    assert rows(app, Post, Post.thread_id == scene.pub_thread) == 1
    assert stored(app, Post, scene.opening, "body") == OPENING


# --- preview, quotes and links -----------------------------------------------------------------

def test_preview_renders_sanitised_html_and_saves_nothing(app, scene):
    client = client_for(app, "Medlem Mads")
    before = counts(app)
    for url, data in ((scene.new_pub, {"title": "Et udkast til en tråd", "body": DANGEROUS}),
                      (scene.reply_pub, {"body": DANGEROUS}),
                      (f"/indlaeg/{scene.opening}/rediger", {"body": DANGEROUS})):
        response = post(client, url, {**data, "preview": "Se hvordan det ser ud"})
        assert response.status_code == 200
        raw = response.get_data(as_text=True)
        preview = raw.split('id="preview-heading"', 1)[1].split("</section>", 1)[0]
        assert "<strong>fed</strong>" in preview and "&lt;script&gt;" in preview
        assert "<script" not in raw and "<img" not in raw and not re.search(r'href="\s*javascript', raw)
        assert textarea(text(response)) == DANGEROUS
    assert counts(app) == before
    assert stored(app, Post, scene.opening, "body") == OPENING
    assert stored(app, Post, scene.opening, "edited_at") is None


def test_a_reply_with_a_quote(app, scene):
    """The quote stands above the box as it will look (no Markdown in the box), and is put
    before the reply when it is saved."""
    client = client_for(app, "Nabo Nina")
    page = get_page(client, f"{scene.reply_pub}?citer={scene.opening}")
    assert textarea(page) == "" and "Du citerer Medlem Mads" in page
    shown = page.split('id="quote-heading"', 1)[1].split("</section>", 1)[0]
    assert "<blockquote>" in shown and OPENING in shown and f"> {OPENING}" not in shown
    assert f'action="{scene.reply_pub}?citer={scene.opening}"' in page
    response = post(client, f"{scene.reply_pub}?citer={scene.opening}",
                    {"body": "Sådan havde jeg det også.", "submit": "x"})
    assert response.status_code == 302
    raw = client.get(response.headers["Location"]).get_data(as_text=True)
    quote = re.search(r"<blockquote>(.*?)</blockquote>", raw, re.S)
    assert quote and "<strong>Medlem Mads skrev:</strong>" in quote.group(1)
    assert OPENING in quote.group(1) and "Sådan havde jeg det også." in raw.split("</blockquote>", 1)[1]
    # Editing the reply: the quote stands above the box again, only the reply is in it.
    with app.app_context():
        reply_id = post_ids(scene.pub_thread)[-1]
    page = get_page(client, f"/indlaeg/{reply_id}/rediger")
    assert textarea(page) == "Sådan havde jeg det også." and "Dit indlæg begynder med et citat" in page
    assert post(client, f"/indlaeg/{reply_id}/rediger",
                {"body": "Sådan havde jeg det faktisk også.", "submit": "x"}).status_code == 302
    body = stored(app, Post, reply_id, "body")
    assert body.startswith("> **Medlem Mads skrev:**")
    assert body.endswith("\n\nSådan havde jeg det faktisk også.")


def test_a_quote_of_a_deleted_post_or_another_thread_is_not_shown(app, scene):
    reply_id = add_reply(app, scene.pub_thread, "Nabo Nina", "Noget jeg fortryder")
    post(client_for(app, "Nabo Nina"), f"/indlaeg/{reply_id}/slet")
    client = client_for(app, "Medlem Mads")
    for quoted in (reply_id, scene.sec_reply, "abc"):
        page = get_page(client, f"{scene.reply_pub}?citer={quoted}")
        assert textarea(page) == "" and "Du citerer" not in page
        assert f'action="{scene.reply_pub}"' in page  # the form carries no quote


def test_a_link_to_a_single_post_opens_the_thread_page_holding_it(app, scene):
    with app.app_context():
        thread = db.session.get(Thread, scene.pub_thread)
        bulk_posts(thread, [thread.author], 40)
        target = post_ids(scene.pub_thread)[30]
    client = client_for(app)
    response = client.get(f"/indlaeg/{target}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/traade/{scene.pub_thread}?fra={target}#post-{target}")
    page = get_page(client, response.headers["Location"])
    assert f'id="post-{target}"' in page and "Svar 29" in page
    assert f'href="/indlaeg/{target}"' in page and "Vis tidligere indlæg" in page
    assert client.get("/indlaeg/999999").status_code == 404
    assert client.get("/traade/999999").status_code == 404


# --- edit and delete ---------------------------------------------------------------------------

def test_editing_your_own_post_shows_when_it_was_edited(app, scene):
    client = client_for(app, "Medlem Mads")
    assert textarea(get_page(client, f"/indlaeg/{scene.opening}/rediger")) == OPENING
    before = get_page(client, f"/traade/{scene.pub_thread}")
    assert "Rettet" not in before and "Ret<span" in before
    response = post(client, f"/indlaeg/{scene.opening}/rediger",
                    {"body": "Det gik *faktisk* fint.", "submit": "x"})
    assert response.status_code == 302
    page = get_page(client, response.headers["Location"])
    with app.test_request_context():
        when = format_datetime(stored(app, Post, scene.opening, "edited_at"), "short")
    assert "Dit indlæg er rettet." in page and f"Rettet {when}" in page
    assert "Det gik <em>faktisk</em> fint." in page and OPENING not in page


@pytest.mark.parametrize("who", ["Nabo Nina", "Moderator Mia", "Admin Anna"])
def test_nobody_edits_someone_elses_post(app, scene, who):
    client = client_for(app, who)
    assert client.get(f"/indlaeg/{scene.opening}/rediger").status_code == 403
    assert post(client, f"/indlaeg/{scene.opening}/rediger", {"body": "Overtaget"}).status_code == 403
    assert stored(app, Post, scene.opening, "body") == OPENING
    assert "Ret<span" not in get_page(client, f"/traade/{scene.pub_thread}")


def test_deleting_your_own_post_leaves_a_placeholder(app, scene):
    doomed = add_reply(app, scene.pub_thread, "Nabo Nina", "Mit pinlige svar om min sagsbehandler")
    after = add_reply(app, scene.pub_thread, "Medlem Mads", "Svar efter det slettede")
    client = client_for(app, "Nabo Nina")
    response = post(client, f"/indlaeg/{doomed}/slet")
    assert response.status_code == 302
    page = get_page(client, response.headers["Location"])
    assert "Indlægget er slettet. Der står nu en besked om det i tråden." in page
    full = get_page(client, f"/traade/{scene.pub_thread}")
    assert "Indlægget er slettet." in full and f'id="post-{doomed}"' in full
    assert "pinlige svar" not in full and "Svar efter det slettede" in full and OPENING in full
    assert stored(app, Post, doomed, "body") == "" and stored(app, Post, doomed, "body_html") == ""
    assert rows(app, Post, Post.body.contains("pinlige")) == 0
    assert post(client, f"/indlaeg/{doomed}/slet").status_code == 403  # already gone
    assert stored(app, Post, after, "deleted_at") is None


def test_only_the_author_deletes_after_a_page_that_asks_first(app, scene):
    nina = add_reply(app, scene.pub_thread, "Nabo Nina", "Et svar fra Nina")
    for other in ("Medlem Mads", "Admin Anna", "Moderator Mia"):  # a moderator hides instead
        assert post(client_for(app, other), f"/indlaeg/{nina}/slet").status_code == 403
        assert client_for(app, other).get(f"/indlaeg/{nina}/slet").status_code == 403
    assert stored(app, Post, nina, "deleted_at") is None
    author = client_for(app, "Nabo Nina")
    thread_page = get_page(author, f"/traade/{scene.pub_thread}")
    assert f'<a href="/indlaeg/{nina}/slet">Slet' in thread_page  # a link to ask, not a button
    asks = get_page(author, f"/indlaeg/{nina}/slet")
    assert "Vil du slette dit indlæg?" in asks and "Et svar fra Nina" in asks
    assert stored(app, Post, nina, "deleted_at") is None  # asking deletes nothing
    assert post(author, f"/indlaeg/{nina}/slet").status_code == 302
    assert stored(app, Post, nina, "deleted_at") is not None
    assert author.get(f"/indlaeg/{nina}/slet").status_code == 403  # deleted: nothing to ask


# --- "genkender det" ---------------------------------------------------------------------------

def test_genkender_det_toggles_and_counts(app, scene):
    url, back = f"/indlaeg/{scene.opening}/genkender", f"/traade/{scene.pub_thread}"
    nina, mia = client_for(app, "Nabo Nina"), client_for(app, "Moderator Mia")
    response = post(nina, url, {"next": back})
    assert response.status_code == 302 and response.headers["Location"] == f"{back}#post-{scene.opening}"
    assert re.search(r'aria-pressed="true">\s*Genkender det \(1\)', get_page(nina, back))
    post(mia, url, {"next": back})
    assert re.search(r'aria-pressed="true">\s*Genkender det \(2\)', get_page(mia, back))
    mads = get_page(client_for(app, "Medlem Mads"), back)
    assert re.search(r'aria-pressed="false">\s*Genkender det \(2\)', mads)
    assert "2 genkender det" in get_page(client_for(app), back)
    post(nina, url, {"next": back})
    assert re.search(r'aria-pressed="false">\s*Genkender det \(1\)', get_page(nina, back))
    assert stored(app, Post, scene.opening, "reaction_count") == 1 == rows(app, Reaction)
    assert post(nina, url, {"next": "https://evil.example/"}).headers["Location"].startswith("/traade/")


def test_genkender_det_is_refused_on_deleted_posts_and_to_visitors(app, scene):
    reply_id = add_reply(app, scene.pub_thread, "Nabo Nina", "Slettes snart")
    post(client_for(app, "Nabo Nina"), f"/indlaeg/{reply_id}/slet")
    assert post(client_for(app, "Medlem Mads"), f"/indlaeg/{reply_id}/genkender").status_code == 403
    url = f"/indlaeg/{scene.opening}/genkender"
    assert_login_redirect(post(client_for(app), url), url)
    assert rows(app, Reaction) == 0


# --- Markdown safety and CSRF ------------------------------------------------------------------

def test_dangerous_markdown_is_harmless_on_the_thread_page(app, scene):
    client = client_for(app, "Medlem Mads")
    response = post(client, scene.new_pub, {"title": "Farlig markdown", "body": DANGEROUS, "submit": "x"})
    raw = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>fed</strong>" in raw and "&lt;script&gt;" in raw
    assert "<script" not in raw.lower() and "<img" not in raw.lower()
    assert not re.search(r"href=[\"']?\s*javascript:", raw, re.I)
    assert '<a href="https://tracker.example/p.gif" rel="nofollow ugc noopener noreferrer">t</a>' in raw


def test_forum_posts_without_a_csrf_token_are_400(app, scene):
    client = client_for(app, "Medlem Mads")
    before = counts(app)
    for url, data in ((scene.new_pub, {"title": "Uden token", "body": "x"}), (scene.reply_pub, {"body": "x"}),
                      (f"/indlaeg/{scene.opening}/rediger", {"body": "x"}),
                      (f"/indlaeg/{scene.opening}/slet", {}),
                      (f"/indlaeg/{scene.opening}/genkender", {})):
        response = post(client, url, data, token=False)
        assert response.status_code == 400, url
        assert "sikkerhedskoden" in text(response)
    assert counts(app) == before and rows(app, Reaction) == 0
    assert stored(app, Post, scene.opening, "body") == OPENING


def test_after_a_reply_no_link_leads_to_an_empty_page(app, scene):
    mads = client_for(app, "Medlem Mads")
    response = post(mads, f"/traade/{scene.pub_thread}/svar", {"body": "Et nyt svar.", "submit": "x"})
    landing = get_page(mads, response.headers["Location"].split("#")[0])
    assert "Et nyt svar." in landing and "Vis senere indlæg" not in landing
    for bad in ("efter=2147483647", "foer=1", "fra=2147483647", "efter=abc"):
        page = get_page(mads, f"/traade/{scene.pub_thread}?{bad}")
        assert "<article" in page or (
            "Der er ingen indlæg her." in page and f'href="/traade/{scene.pub_thread}"' in page)
