"""The keyset tail every list query shares."""

from __future__ import annotations

from types import SimpleNamespace

from app.core.pagination import keyset_page


def _rows(*ids: int) -> list[SimpleNamespace]:
    return [SimpleNamespace(id=i) for i in ids]


def test_the_row_beyond_the_page_means_another_page_starts_after_the_last_one():
    page = keyset_page(iter(_rows(9, 8, 7, 6)), 3)
    assert [r.id for r in page.items] == [9, 8, 7]
    assert (page.next_cursor, page.prev_cursor) == (7, None)


def test_a_full_page_without_the_extra_row_is_the_last_page():
    page = keyset_page(_rows(1, 2, 3), 3, prev_cursor=1)
    assert [r.id for r in page.items] == [1, 2, 3]
    assert (page.next_cursor, page.prev_cursor) == (None, 1)


def test_no_rows_no_cursor():
    page = keyset_page([], 3)
    assert (list(page.items), page.next_cursor) == ([], None)
