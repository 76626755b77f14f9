"""Static files: fingerprinted URLs, their cache lifetimes, precompressed answers."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
from pathlib import Path

import brotli
import pytest
from flask import Flask, url_for
from whitenoise.compress import Compressor

from app.ops.static import HASH_LENGTH, StaticFiles, fingerprint

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


def _decoded(response) -> bytes:
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    return {"br": brotli.decompress, "gzip": gzip.decompress}.get(encoding, lambda b: b)(body)


@pytest.mark.parametrize("accept, encoding", [("br", "br"), ("gzip", "gzip"),
                                              ("gzip, deflate, br, zstd", "br"), ("", None)])
def test_static_files_are_sent_precompressed_to_browsers_that_accept_it(app, client, accept,
                                                                       encoding):
    url = _css_url(client)
    content = Path(app.static_folder, "css/borgernet.css").read_bytes()
    response = client.get(url, headers={"Accept-Encoding": accept})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding
    assert response.headers["Vary"] == "Accept-Encoding"
    assert response.mimetype == "text/css"
    assert int(response.headers["Content-Length"]) == len(response.get_data())
    assert _decoded(response) == content
    if encoding:
        assert len(response.get_data()) < len(content) / 2
    response.close()


def test_compressed_fingerprinted_files_are_cached_for_a_year_in_production(app, client,
                                                                           monkeypatch):
    monkeypatch.setitem(app.config, "STATIC_MAX_AGE", YEAR)
    response = client.get(_css_url(client), headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert response.cache_control.max_age == YEAR and response.cache_control.immutable
    etag = response.headers["ETag"]
    response.close()
    again = client.get(_css_url(client), headers={"Accept-Encoding": "br", "If-None-Match": etag})
    assert again.status_code == 304 and again.cache_control.immutable
    again.close()


def _static_app(folder: Path) -> Flask:
    flask_app = Flask(__name__, static_folder=str(folder), static_url_path="/static")
    flask_app.config["STATIC_MAX_AGE"] = None
    flask_app.wsgi_app = StaticFiles(flask_app)
    return flask_app


def test_a_compressed_copy_older_than_its_file_is_never_sent(tmp_path):
    site = tmp_path / "site.css"
    site.write_text("body { color: black }\n" * 200)
    Compressor(quiet=True).compress(str(site))
    client = _static_app(tmp_path).test_client()
    response = client.get("/static/site.css", headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert _decoded(response) == site.read_bytes()
    response.close()
    site.write_text("body { color: darkblue }\n" * 200)  # edited after the build
    later = site.stat().st_mtime + 5
    os.utime(site, (later, later))
    response = client.get("/static/site.css", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers.get("Content-Encoding") is None
    assert response.get_data() == site.read_bytes()
    response.close()
