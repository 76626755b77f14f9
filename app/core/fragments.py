"""Rendered pieces of a page kept in the worker's memory, keyed by everything they show.

A thread page is twenty post cards, and building them is most of what a logged-in reader's
page costs. Yet a card looks the same for every reader who gets the same buttons on it, and
it stays the same until the post changes. So a card is rendered once per look and kept here.

What keeps it correct: the key holds everything the piece shows, not a version number or a
time. A post that is edited, hidden, deleted or recognised once more has another key, so a
stale piece is never found; it just ages out. Nothing has to be told to forget anything,
which is why this cache can live in each worker's memory with no shared state. A piece may
hold the reader's CSRF token only as TOKEN_PLACEHOLDER (the caller fills it in).

Bounded: FRAGMENT_CACHE_SIZE pieces per worker process, the least recently used go first;
0 turns it off (every piece is rendered every time).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from cachetools import LRUCache
from flask import Flask, current_app

from app.core.pagecache import TOKEN_PLACEHOLDER

__all__ = ["FragmentCache", "TOKEN_PLACEHOLDER", "fragments", "init_app"]


class FragmentCache:
    """A bounded, thread-safe map from a piece's key to its HTML."""

    def __init__(self, size: int) -> None:
        self._pieces: LRUCache[Hashable, str] | None = LRUCache(size) if size > 0 else None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get_or_render(self, key: Hashable | None, render: Callable[[], str]) -> str:
        """The kept piece for `key`, or render() kept under it; a key of None keeps nothing."""
        if self._pieces is None or key is None:
            return str(render())
        with self._lock:
            found = self._pieces.get(key)
            if found is not None:
                self.hits += 1
                return found
            self.misses += 1
        html = str(render())  # outside the lock: other threads go on meanwhile
        with self._lock:
            self._pieces[key] = html
        return html

    def __len__(self) -> int:
        return len(self._pieces) if self._pieces is not None else 0


def init_app(app: Flask) -> None:
    app.extensions["fragments"] = FragmentCache(int(app.config.get("FRAGMENT_CACHE_SIZE") or 0))


def fragments() -> FragmentCache:
    return current_app.extensions["fragments"]
