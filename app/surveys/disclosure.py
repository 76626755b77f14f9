"""Disclosure control for published survey counts: the rules, apart from what they protect.

A published table is a set of *cells* (a count of answers each) and *lines*: groups of cells
tied by one sum, such as the benefit groups of a period together with the period's total.
Whoever sees every cell of a line but one can find that one by subtraction, so:

- **Primary suppression.** A cell under the threshold (5 answers; 10 for a distribution) is
  hidden ("for få svar"). A cell with no answers is hidden too: a reader cannot tell 0 from 4.
- **Secondary suppression.** When a line holds exactly one hidden cell, the smallest visible
  cell of that line is hidden as well (ties: the first in the table's order). This repeats
  over every line until no line holds exactly one hidden cell. A line may include *fixed*
  cells published elsewhere (and frozen there): their state is given and never changed, they
  only count.
- **Rounding.** Every published count is rounded to the nearest 5 on its own; a total is the
  rounded exact total, never the sum of rounded cells. So no published figure is exact, and
  subtracting published figures gives a range, not a number.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

THRESHOLD = 5  # answers a cell needs before its count and mean are shown
DISTRIBUTION_THRESHOLD = 10  # answers a cell needs before its distribution is shown


def round5(n: int) -> int:
    """``n`` to the nearest multiple of 5, halves (never met: n is whole) upwards: 7 -> 5, 8 -> 10."""
    return 5 * ((n + 2) // 5)


def suppress(counts: Mapping[K, int], lines: Iterable[Sequence[K]], threshold: int, *,
             hidden: Iterable[K] = (), fixed: Mapping[K, bool] | None = None) -> frozenset[K]:
    """The cells of ``counts`` to hide: primary (under ``threshold`` or in ``hidden``), then
    secondary until every line holds 0 or at least 2 hidden cells.

    ``lines`` may name cells of ``fixed`` (True = hidden where they are published); those are
    never chosen. A line whose only hidden cell cannot be partnered (every other member fixed
    and shown) is a mistake in how the table was built, and raises ``ValueError``.
    """
    fixed = fixed or {}
    order = {key: index for index, key in enumerate(counts)}
    out = {key for key, n in counts.items() if n < threshold}
    out.update(key for key in hidden if key in counts)
    all_lines = [tuple(line) for line in lines]

    def is_hidden(key: K) -> bool:
        return fixed.get(key, key in out)

    changed = True
    while changed:
        changed = False
        for line in all_lines:
            if sum(1 for key in line if is_hidden(key)) != 1:
                continue
            free = [key for key in line if key not in fixed and key not in out]
            if not free:
                raise ValueError(f"a lone hidden cell cannot be protected in line {line!r}")
            out.add(min(free, key=lambda key: (counts[key], order[key])))
            changed = True
    return frozenset(out)


def lone_hidden_lines(lines: Iterable[Sequence[K]], hidden: Iterable[K]) -> list[tuple[K, ...]]:
    """The lines that hold exactly one hidden cell (none, for a table this module built)."""
    hidden_set = set(hidden)
    return [tuple(line) for line in lines if sum(1 for key in line if key in hidden_set) == 1]
