"""Static files: served by WhiteNoise, compressed, with fingerprinted URLs.

Templates keep calling url_for('static', ...), which gains ?v=<content hash>. A URL whose v
matches the file's current hash can be cached by browsers for STATIC_MAX_AGE (a year in
production) and marked immutable: a changed file gets a new URL. Anything else (no v, an old
v, files the stylesheet refers to by relative path) is served for revalidation with its ETag.

WhiteNoise answers /static/ before Flask is reached: to a browser that accepts them it sends
the .br or .gz sibling that `make setup` (scripts/build_static.py) made, with Content-Encoding
and `Vary: Accept-Encoding`; it also answers conditional and range requests. A sibling older
than its file (the file was edited after the build) is ignored, so an edit is never hidden.
Outside production it looks files up on every request, so edits show at once.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from threading import Lock
from urllib.parse import parse_qs
from wsgiref.headers import Headers

from flask import Flask, current_app
from werkzeug.security import safe_join
from whitenoise import WhiteNoise
from whitenoise.responders import MissingFileError, StaticFile
from whitenoise.string_utils import decode_path_info

from app.core.security import security_headers

HASH_LENGTH = 12
_cache: dict[str, tuple[int, int, str]] = {}
_lock = Lock()


def fingerprint(static_folder: str, filename: str) -> str | None:
    """A short hash of the file's content, recomputed only when the file changes."""
    path = safe_join(static_folder, filename)
    if path is None:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return None
    cached = _cache.get(path)
    if cached and cached[0] == stat.st_mtime_ns and cached[1] == stat.st_size:
        return cached[2]
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    value = digest.hexdigest()[:HASH_LENGTH]
    with _lock:
        _cache[path] = (stat.st_mtime_ns, stat.st_size, value)
    return value


@lru_cache(maxsize=1024)
def deployed_fingerprint(static_folder: str, filename: str) -> str | None:
    """In production files change only with a deployment (a restart): hash each file once."""
    return fingerprint(static_folder, filename)


def init_app(app: Flask) -> None:
    @app.url_defaults
    def _fingerprint_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            lookup = deployed_fingerprint if current_app.config.get("STATIC_MAX_AGE") else fingerprint
            version = lookup(current_app.static_folder, values["filename"])
            if version:
                values["v"] = version

    app.wsgi_app = StaticFiles(app)


# A compressed sibling written by the build carries its file's modification time; one older
# than that by more than the float rounding of os.utime is stale.
STALE_AFTER_SECONDS = 0.001


class StaticFiles(WhiteNoise):
    """WhiteNoise in front of the app for app.static_url_path, with the app's headers."""

    def __init__(self, app: Flask) -> None:
        self.config = app.config
        self.static_folder = app.static_folder
        self.url_prefix = app.static_url_path.rstrip("/") + "/"
        self.extra_headers = [*security_headers(app.config), ("Cache-Control", "no-cache")]
        super().__init__(app.wsgi_app, root=app.static_folder, prefix=app.static_url_path,
                         autorefresh=not app.config.get("STATIC_MAX_AGE"), max_age=None,
                         allow_all_origins=False)

    def get_static_file(self, path, url, stat_cache=None):
        if stat_cache is None and not os.path.exists(path):
            raise MissingFileError(path)
        headers = Headers([])
        self.add_mime_headers(headers, path, url)
        for name, value in self.extra_headers:
            headers[name] = value
        return StaticFile(path, headers.items(), stat_cache=stat_cache,
                          encodings=self.fresh_encodings(path))

    @staticmethod
    def fresh_encodings(path: str) -> dict[str, str]:
        """The compressed siblings built from the file as it is now."""
        try:
            modified = os.stat(path).st_mtime
        except OSError:
            return {}
        fresh = {}
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            try:
                if os.stat(path + suffix).st_mtime >= modified - STALE_AFTER_SECONDS:
                    fresh[encoding] = path + suffix
            except OSError:
                continue
        return fresh

    def serve(self, static_file, environ, start_response):
        max_age = self.config.get("STATIC_MAX_AGE")
        if max_age and self._current_version(environ):
            def start_cached(status, headers, exc_info=None):
                if status.startswith(("200", "206", "304")):
                    headers = [(name, value) for name, value in headers
                               if name.lower() != "cache-control"]
                    headers.append(("Cache-Control", f"public, max-age={max_age}, immutable"))
                return start_response(status, headers, exc_info)

            return super().serve(static_file, environ, start_cached)
        return super().serve(static_file, environ, start_response)

    def _current_version(self, environ) -> bool:
        """Whether the URL's v is the file's current content hash."""
        version = parse_qs(environ.get("QUERY_STRING", "")).get("v", [""])[0]
        path = decode_path_info(environ.get("PATH_INFO", ""))
        return bool(version) and path.startswith(self.url_prefix) and version == fingerprint(
            self.static_folder, path.removeprefix(self.url_prefix))
