"""Fingerprinted static URLs: url_for('static', filename=...) gains ?v=<content hash>.

Templates keep calling url_for('static', ...). A URL whose v matches the file's current
hash can be cached by browsers for STATIC_MAX_AGE (a year in production) and marked
immutable: a changed file gets a new URL. Anything else (no v, an old v, files the
stylesheet refers to by relative path) is served for revalidation with its ETag.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from threading import Lock

from flask import Flask, current_app, request
from werkzeug.security import safe_join

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

    @app.after_request
    def _cache_fingerprinted(response):
        max_age = current_app.config.get("STATIC_MAX_AGE")
        if (max_age and request.endpoint == "static" and response.status_code == 200
                and request.args.get("v")
                and request.args["v"] == fingerprint(current_app.static_folder,
                                                     (request.view_args or {}).get("filename", ""))):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = max_age
            response.cache_control.immutable = True
        return response
