"""Keyset pagination: a page costs the same with 1,000 or 1,000,000 rows."""

from __future__ import annotations

from collections.abc import Sequence
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


def parse_cursor(value: str | None) -> int | None:
    """A cursor is a positive row id; anything else means "from the start"."""
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


class IdConverter(IntegerConverter):
    """`<id:name>` in routes: a positive key that fits the database's INTEGER column, so an
    absurd number in a URL is a 404, never a database error."""

    def __init__(self, url_map) -> None:  # noqa: ANN001
        super().__init__(url_map, min=1, max=MAX_ID)
