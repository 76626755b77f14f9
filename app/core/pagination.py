"""Keyset pagination: a page costs the same with 1,000 or 1,000,000 rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from werkzeug.routing import IntegerConverter

T = TypeVar("T")
MAX_ID = 2_147_483_647  # the largest INTEGER key on PostgreSQL


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    items: Sequence[T]
    next_cursor: int | None
    prev_cursor: int | None


def keyset_page(rows: Iterable[T], per_page: int, prev_cursor: int | None = None
                ) -> KeysetPage[T]:
    """The tail every keyset query shares. The query asked for one row more than a page
    (``.limit(per_page + 1)``): when that row came, another page follows, and the id of the
    page's last row is where it starts."""
    rows = list(rows)
    items = rows[:per_page]
    return KeysetPage(items, items[-1].id if len(rows) > per_page else None, prev_cursor)


def parse_cursor(value: str | None) -> int | None:
    """A cursor is a positive row id; anything else means "from the start"."""
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


class IdConverter(IntegerConverter):
    """`<id:name>` in routes: a positive key that fits the database's INTEGER column, so an
    absurd number in a URL is a 404, never a database error."""

    def __init__(self, url_map) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)
