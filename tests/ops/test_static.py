"""Fingerprinted static URLs and their cache lifetimes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import url_for

from app.ops.static import HASH_LENGTH, fingerprint

YEAR = 60 * 60 * 24 * 365


def _css_url(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(r'href="(/static/css/borgernet\.css\?v=[0-9a-f]+)"', page).group(1)


def test_static_urls_carry_the_content_hash(app, app_ctx):
    url = url_for("static", filename="css/borgernet.css")
    content = Path(app.static_folder, "css/borgernet.css").read_bytes()
    assert url == f"/static/css/borgernet.css?v={hashlib.sha256(content).hexdigest()[:HASH_LENGTH]}"
    assert url_for("static", filename="findes/ikke.css") == "/static/findes/ikke.css"


def test_pages_link_fingerprinted_stylesheets(client):
    assert _css_url(client)


def test_fingerprinted_files_are_cached_for_a_year_in_production(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "STATIC_MAX_AGE", YEAR)
    response = client.get(_css_url(client))
    assert response.status_code == 200
    cache = response.cache_control
    assert cache.max_age == YEAR and cache.public and cache.immutable
    response.close()
    for stale in ("/static/css/borgernet.css", "/static/css/borgernet.css?v=000000000000"):
        response = client.get(stale)
        assert response.status_code == 200
        assert response.cache_control.max_age != YEAR and not response.cache_control.immutable
        response.close()


def test_development_revalidates_static_files(client):
    response = client.get(_css_url(client))
    assert response.cache_control.max_age != YEAR and not response.cache_control.immutable
    response.close()


def test_the_hash_follows_the_content(tmp_path):
    target = tmp_path / "site.css"
    target.write_text("body { color: black }")
    first = fingerprint(str(tmp_path), "site.css")
    target.write_text("body { color: darkblue }")
    second = fingerprint(str(tmp_path), "site.css")
    assert first != second and len(second) == HASH_LENGTH
    assert fingerprint(str(tmp_path), "../escape.css") is None
