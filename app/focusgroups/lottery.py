"""The transparent stratified lottery: a pure function anyone can re-run.

Input: the seed (published after the draw; its SHA-256 was published when the invitation
opened), the quotas (seats per stratum, published with the invitation) and the volunteers as
anonymous numbers with their stratum. Nothing else: no names, no time of sign-up.

The steps, with ``rng = random.Random(seed)``:

1. For each stratum in the fixed order ``STRATUM_ORDER``, take its numbers sorted from the
   smallest, shuffle them with ``rng.shuffle``, and give the first ``quota`` of them a seat.
2. Seats a stratum could not fill (too few volunteers) go to everyone left: their numbers,
   sorted, are shuffled with ``rng.shuffle`` and the first ones get the free seats.
3. Everyone still left is on the waitlist, in that shuffled order.

A cancelled seat goes to the first on the waitlist from the same stratum, and only when
there is none to the first on the waitlist (``next_from_waitlist``).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

STRATUM_ORDER = ("short", "medium", "long")


@dataclass(frozen=True)
class DrawResult:
    selected: list[int]
    waitlist: list[int]

    def as_json(self) -> dict[str, list[int]]:
        return {"selected": list(self.selected), "waitlist": list(self.waitlist)}


def draw(seed: str, entries: Iterable[tuple[int, str]], quotas: Mapping[str, int],
         seats: int) -> DrawResult:
    """Who gets a seat and the waitlist's order, from the seed, the numbers and the quotas."""
    rng = random.Random(seed)
    by_stratum: dict[str, list[int]] = {stratum: [] for stratum in STRATUM_ORDER}
    for number, stratum in entries:
        by_stratum[stratum].append(int(number))
    selected: list[int] = []
    left: list[int] = []
    for stratum in STRATUM_ORDER:
        numbers = sorted(by_stratum[stratum])
        rng.shuffle(numbers)
        quota = max(0, int(quotas.get(stratum, 0)))
        selected += numbers[:quota]
        left += numbers[quota:]
    left.sort()
    rng.shuffle(left)
    free = max(0, seats - len(selected))
    return DrawResult(selected=selected + left[:free], waitlist=left[free:])


def next_from_waitlist(waitlist: list[int], strata: Mapping[int, str], stratum: str) -> int | None:
    """Who is offered a cancelled seat of `stratum`: same stratum first, then anyone."""
    for number in waitlist:
        if strata.get(number) == stratum:
            return number
    return waitlist[0] if waitlist else None
