"""The shared cache of anonymous public pages (app/core/pagecache.py), against the real Redis
on 127.0.0.1. Each test gets its own app with the cache on and its own key prefix."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
import redis
from sqlalchemy import select, update

from app import create_app
from app.core.db import commit
from app.core.models import utcnow
from app.core.pagecache import HIT_HEADER, TOKEN_PLACEHOLDER
from app.extensions import db
from app.forum.models import Post
from tests.conftest import CSRF_RE, IsolatedClient
from tests.networks.test_routes import SECRET_BODY, build_scene


@pytest.fixture
def cached_app(app, redis_url):
    """The session's app, again, with the page cache on (same database)."""
    prefix = f"borgernet-test-{uuid.uuid4().hex}:"
    application = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "PAGE_CACHE_SECONDS": 30, "PAGE_CACHE_REDIS_URL": redis_url, "PAGE_CACHE_KEY_PREFIX": prefix})
    application.test_client_class = IsolatedClient
    yield application
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()
    close(application)


def close(application) -> None:
    """Each app here has its own engine and Redis pool: close them like a stopping server."""
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
        backend = application.extensions["cache"]
        for cache_backend in backend.values():
            client = getattr(cache_backend, "_write_client", None)
            if client is not None:
                client.close()


@pytest.fixture
def scene(cached_app):
    return build_scene(cached_app)


def fetch(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def without_token(page: str) -> str:
    return CSRF_RE.sub("TOKEN", page)


def thread_url(scene) -> str:
    return f"/traade/{scene.pub_thread}"


def test_a_visitor_gets_the_same_page_from_the_cache_and_no_cookie(cached_app, scene):
    first, second = cached_app.test_client(), cached_app.test_client()
    miss = fetch(first, thread_url(scene))
    hit = fetch(second, thread_url(scene))
    assert miss.headers[HIT_HEADER] == "miss" and hit.headers[HIT_HEADER] == "hit"
    assert hit.get_data() == miss.get_data()
    assert "Set-Cookie" not in hit.headers and "Set-Cookie" not in miss.headers
    assert "csrf_token" not in hit.get_data(as_text=True)


def test_a_form_on_a_cached_page_gets_each_visitor_their_own_token(cached_app, scene):
    """No public page has a form for visitors today; if one gets one, no token is shared."""
    from flask import render_template_string

    from app.core.forms import EmptyForm

    cached_app.add_url_rule("/test-form", "test_form", lambda: render_template_string(
        '<form method="post" action="/sprog">{{ form.csrf_token }}</form>', form=EmptyForm()))
    cached_app.config["PAGE_CACHE_ENDPOINTS"] = {"test_form"}
    first, second = cached_app.test_client(), cached_app.test_client()
    miss, hit = fetch(first, "/test-form"), fetch(second, "/test-form")
    assert hit.headers[HIT_HEADER] == "hit"
    tokens = {CSRF_RE.search(r.get_data(as_text=True)).group(1) for r in (miss, hit)}
    assert len(tokens) == 2 and TOKEN_PLACEHOLDER not in hit.get_data(as_text=True)
    token = CSRF_RE.search(hit.get_data(as_text=True)).group(1)
    answer = second.post("/sprog", data={"csrf_token": token, "locale": "en", "next": "/"})
    assert answer.status_code == 302  # the token works for the visitor it was served to
    connection = redis.Redis.from_url(cached_app.config["PAGE_CACHE_REDIS_URL"])
    keys = list(connection.scan_iter(f"{cached_app.config['PAGE_CACHE_KEY_PREFIX']}page:*"))
    assert len(keys) == 1
    stored = connection.get(keys[0])
    assert TOKEN_PLACEHOLDER.encode() in stored
    assert not any(token.encode() in stored for token in tokens)
    connection.close()


def test_a_new_reply_is_shown_at_once(cached_app, scene):
    client = cached_app.test_client()
    fetch(client, thread_url(scene))
    assert fetch(client, thread_url(scene)).headers[HIT_HEADER] == "hit"
    with cached_app.app_context():
        from app.accounts.models import User
        from app.forum.models import Thread
        from tests.factories import make_post

        author = db.session.scalar(select(User).where(User.pseudonym == "Nabo Nina"))
        make_post(db.session.get(Thread, scene.pub_thread), author, "Helt nyt svar fra Nina.")
    fresh = fetch(client, thread_url(scene))
    assert fresh.headers[HIT_HEADER] == "miss"
    assert "Helt nyt svar fra Nina." in fresh.get_data(as_text=True)


def test_hidden_content_disappears_from_cached_pages_at_once(cached_app, scene):
    client = cached_app.test_client()
    assert "Det gik fint i dag." in fetch(client, thread_url(scene)).get_data(as_text=True)
    with cached_app.app_context():  # a bulk UPDATE, as some services write, also counts
        db.session.execute(update(Post).where(Post.thread_id == scene.pub_thread)
                           .values(hidden_at=utcnow(), hidden_reason="Personlige oplysninger"))
        commit()
    page = fetch(client, thread_url(scene)).get_data(as_text=True)
    assert "Det gik fint i dag." not in page
    assert "Personlige oplysninger" in page


def test_a_write_that_is_rolled_back_keeps_the_cache(cached_app, scene):
    client = cached_app.test_client()
    fetch(client, thread_url(scene))
    with cached_app.app_context():
        db.session.get(Post, db.session.scalar(select(Post.id))).body_html = "<p>kladde</p>"
        db.session.flush()
        db.session.rollback()
    assert fetch(client, thread_url(scene)).headers[HIT_HEADER] == "hit"


def test_logged_in_members_never_get_or_leave_shared_pages(cached_app, scene):
    from tests.conftest import login
    from tests.factories import PASSWORD

    member = cached_app.test_client()
    assert login(member, "Medlem Mads", PASSWORD).status_code == 302
    secret_url = f"/traade/{scene.sec_thread}"
    page = fetch(member, secret_url)
    assert SECRET_BODY in page.get_data(as_text=True)
    assert HIT_HEADER not in page.headers and page.headers["Cache-Control"] == "no-store"
    visitor = cached_app.test_client()
    assert SECRET_BODY not in visitor.get(secret_url).get_data(as_text=True)
    fetch(visitor, thread_url(scene))
    members_view = fetch(member, thread_url(scene))
    assert HIT_HEADER not in members_view.headers
    assert "Log ud" in members_view.get_data(as_text=True)


def test_a_flash_message_is_never_skipped_or_shared(cached_app, scene):
    visitor = cached_app.test_client()
    fetch(visitor, "/")
    with visitor.session_transaction() as session:
        session["_flashes"] = [("success", "Din besked er sendt.")]
    page = fetch(visitor, "/")
    assert HIT_HEADER not in page.headers
    assert "Din besked er sendt." in page.get_data(as_text=True)
    other = fetch(cached_app.test_client(), "/")
    assert "Din besked er sendt." not in other.get_data(as_text=True)


def test_each_language_has_its_own_copy(cached_app, scene):
    danish = fetch(cached_app.test_client(), "/").get_data(as_text=True)
    english = cached_app.test_client().get("/", headers={"Accept-Language": "en"})
    assert english.headers[HIT_HEADER] == "miss"
    assert 'lang="en"' in english.get_data(as_text=True) and 'lang="da"' in danish
    chosen = fetch(cached_app.test_client(), "/?sprog=en")
    assert chosen.headers[HIT_HEADER] == "miss" and 'lang="en"' in chosen.get_data(as_text=True)
    assert 'lang="da"' in fetch(cached_app.test_client(), "/").get_data(as_text=True)


def test_query_strings_and_errors(cached_app, scene):
    client = cached_app.test_client()
    fetch(client, thread_url(scene))
    other = fetch(client, f"{thread_url(scene)}?foer=999999")
    assert other.headers[HIT_HEADER] == "miss"
    for _ in range(2):
        missing = client.get("/traade/999999")
        assert missing.status_code == 404 and HIT_HEADER not in missing.headers


def test_pages_that_are_not_listed_are_never_cached(cached_app, scene):
    client = cached_app.test_client()
    for _ in range(2):
        response = fetch(client, "/konto/log-ind")
        assert HIT_HEADER not in response.headers


def test_the_clock_limits_how_old_a_page_can_be(cached_app, scene):
    client = cached_app.test_client()
    fetch(client, "/")
    prefix = cached_app.config["PAGE_CACHE_KEY_PREFIX"]
    connection = redis.Redis.from_url(cached_app.config["PAGE_CACHE_REDIS_URL"])
    ttls = [connection.ttl(key) for key in connection.scan_iter(f"{prefix}page:*")]
    assert ttls and all(0 < ttl <= 30 for ttl in ttls)


def test_without_redis_pages_are_rendered_as_usual(app):
    broken = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "PAGE_CACHE_SECONDS": 30, "PAGE_CACHE_REDIS_URL": "redis://127.0.0.1:1/0"})
    broken.test_client_class = IsolatedClient
    scene = build_scene(broken)
    client = broken.test_client()
    for _ in range(2):
        page = fetch(client, thread_url(scene))
        assert "Det gik fint i dag." in page.get_data(as_text=True)
    with broken.app_context():  # writing still works when the generation cannot be bumped
        from app.forum.models import Thread
        from tests.factories import lock

        lock(db.session.get(Thread, scene.pub_thread), "Ro på")
        db.session.remove()
    assert "Ro på" in fetch(client, thread_url(scene)).get_data(as_text=True)
    close(broken)


def test_no_public_page_gives_a_visitor_a_cookie(cached_app, scene):
    client = cached_app.test_client()
    for url in ("/", scene.list_url, scene.pub_url, thread_url(scene), "/om/privatliv",
                f"{scene.pub_url}forslag"):
        for _ in range(2):  # rendered, then from the cache
            response = fetch(client, url)
            assert "Set-Cookie" not in response.headers, url
    assert client.get_cookie("borgernet_session") is None


def test_the_commit_edge_makes_cached_pages_stale(cached_app, scene):
    """core.db.commit() calls pagecache.invalidate() itself: no listener, no write needed."""
    client = cached_app.test_client()
    fetch(client, thread_url(scene))
    assert fetch(client, thread_url(scene)).headers[HIT_HEADER] == "hit"
    with cached_app.app_context():
        commit()
    assert fetch(client, thread_url(scene)).headers[HIT_HEADER] == "miss"


def test_the_app_commits_only_through_the_commit_edge():
    """Views, commands and jobs commit with app.core.db.commit(), so their writes reach the
    page cache; a bare session commit elsewhere would leave stale pages for its lifetime."""
    root = Path(__file__).resolve().parents[2] / "app"
    commits = re.compile(r"session\.commit\(")
    offenders = [path.relative_to(root).as_posix() for path in root.rglob("*.py")
                 if commits.search(path.read_text())]
    assert offenders == ["core/db.py"]
