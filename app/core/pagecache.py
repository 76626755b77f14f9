"""A short, shared cache of the public pages that anonymous visitors read.

Most reads come from people who are not logged in, and for them a thread page, a network
page or a proposal is the same HTML for everyone (their language choice is in the address,
and their pages carry no form). This module keeps such pages in Redis (through Flask-Caching)
for PAGE_CACHE_SECONDS and serves them before any other request hook or view code runs.

What keeps it correct:
- Only GET requests of the endpoints named in PAGE_CACHE_ENDPOINTS, from a visitor who is not
  logged in and whose session holds nothing but the CSRF token and the language choice (so a
  flash message is never skipped and never cached). The key is the locale and the full path.
- Every commit bumps one generation number, and a page is served only if it was stored under
  the current generation. The one commit edge, ``app.core.db.commit()``, calls ``invalidate()``
  after each successful commit; every view, command and job commits through it. A moderator
  who hides a post, a new reply or a vote makes every cached page stale at once; the time
  limit only bounds what changes with the clock (a vote's deadline passing, "days since").
- Should a cached page ever hold a form, the visitor's own CSRF token is put into the cached
  HTML on the way out; the stored copy holds a placeholder, never anyone's token.
- A page is stored only if it was a plain 200 HTML answer that set nothing but the anonymous
  session. If Redis cannot be reached, pages are simply rendered as without the cache.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from app.extensions import cache

log = logging.getLogger(__name__)

GENERATION_KEY = "pages:generation"
TOKEN_PLACEHOLDER = "\x00csrf-token\x00"
# What an anonymous visitor's session may hold and still get a shared page.
ANONYMOUS_SESSION_KEYS = frozenset({"csrf_token", "locale", "_permanent", "_fresh", "_id"})
HIT_HEADER = "X-Page-Cache"


def init_app(app: Flask) -> None:
    """Turn the cache on when PAGE_CACHE_SECONDS > 0 and Redis is configured."""
    seconds = int(app.config.get("PAGE_CACHE_SECONDS") or 0)
    redis_url = app.config.get("PAGE_CACHE_REDIS_URL") or app.config.get("REDIS_URL")
    if seconds <= 0 or not redis_url:
        cache.init_app(app, config={"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True})
        app.extensions["page_cache_enabled"] = False
        return
    cache.init_app(app, config={
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": app.config.get("PAGE_CACHE_KEY_PREFIX", "borgernet:"),
        "CACHE_DEFAULT_TIMEOUT": seconds,
        # A slow or absent Redis must never hold a page up for long.
        "CACHE_OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
    })
    app.extensions["page_cache_enabled"] = True
    # First of all before-request hooks: a page served from the cache needs none of the others
    # (the rate limits apply to forms, not to these pages).
    app.before_request_funcs.setdefault(None, []).insert(0, _serve_cached_page)
    app.after_request(_store_page)


def invalidate() -> None:
    """Make every cached page stale; app.core.db.commit() calls it after each commit."""
    if _enabled():
        bump_generation()


def bump_generation() -> None:
    """Start a new generation: no page stored before it is served again."""
    try:
        cache.cache.inc(GENERATION_KEY)
    except Exception:
        log.warning("page cache: could not bump the generation", exc_info=True)


def _cacheable_request() -> bool:
    if request.method != "GET" or request.endpoint not in current_app.config["PAGE_CACHE_ENDPOINTS"]:
        return False
    if not ANONYMOUS_SESSION_KEYS.issuperset(session.keys()):
        return False
    return not current_user.is_authenticated


def _page_key() -> str:
    return f"page:{get_locale()}:{request.full_path}"


def _serve_cached_page() -> Response | None:
    if not _cacheable_request():
        return None
    key = _page_key()
    try:
        generation, stored = cache.get_many(GENERATION_KEY, key)
    except Exception:
        log.warning("page cache: Redis unavailable, rendering", exc_info=True)
        return None
    generation = int(generation or 0)
    if stored is not None and stored[0] == generation:
        body = stored[1]
        if TOKEN_PLACEHOLDER in body:
            body = body.replace(TOKEN_PLACEHOLDER, generate_csrf())
        response = Response(body, mimetype="text/html")
        response.headers[HIT_HEADER] = "hit"
        return response
    g.page_cache = (key, generation)  # a miss: store what the view renders under this generation
    return None


def _store_page(response: Response) -> Response:
    pending = g.pop("page_cache", None)
    if pending is None or response.status_code != 200 or response.mimetype != "text/html":
        return response
    if response.direct_passthrough or response.headers.get("Set-Cookie"):
        return response
    if not ANONYMOUS_SESSION_KEYS.issuperset(session.keys()) or current_user.is_authenticated:
        return response
    key, generation = pending
    body = response.get_data(as_text=True)
    token = g.get("csrf_token")
    if token:
        body = body.replace(token, TOKEN_PLACEHOLDER)
    try:
        cache.set(key, (generation, body))
    except Exception:
        log.warning("page cache: could not store %s", key, exc_info=True)
    response.headers[HIT_HEADER] = "miss"
    return response


def _enabled() -> bool:
    try:
        return bool(current_app.extensions.get("page_cache_enabled"))
    except RuntimeError:  # no application context: nothing of ours to keep fresh
        return False
