"""The transparent stratified lottery: a pure function anyone can re-run.

Input: the seed (published after the draw; its SHA-256 was published when the invitation
opened), the quotas (seats per group, published with the invitation), the groups' fixed
order, and the volunteers as anonymous numbers with their group. Nothing else: no names, no
time of sign-up.

The groups are what the organiser chose the quotas to be per when writing the invitation:
time in the system (``STRATUM_ORDER``) or benefit group (``BENEFIT_ORDER``; a volunteer who
did not say is in the group ``"none"``, which never has a quota). ``ORDERS`` names both.

The steps, with ``rng = random.Random(seed)``:

1. For each group in the fixed order, take its numbers sorted from the smallest, shuffle them
   with ``rng.shuffle``, and give the first ``quota`` of them a seat.
2. Seats a group could not fill (too few volunteers), and seats not set aside for any group,
   go to everyone left: their numbers, sorted, are shuffled with ``rng.shuffle`` and the first
   ones get the free seats.
3. Everyone still left is on the waitlist, in that shuffled order.

A cancelled seat goes to the first on the waitlist from the same group, and only when there
is none to the first on the waitlist (``next_from_waitlist``).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

STRATUM_ORDER = ("short", "medium", "long")
NO_ANSWER = "none"
# app.networks.models.BenefitGroup's values in their order, then those who did not say
# (tests/focusgroups/test_lottery.py checks that the two agree).
BENEFIT_ORDER = ("dagpenge", "kontanthjaelp", "uddannelseshjaelp", "sygedagpenge",
                 "ressourceforloeb", "jobafklaringsforloeb", "fleksjob", "integrationsprogram",
                 NO_ANSWER)
ORDERS = {"time": STRATUM_ORDER, "benefit": BENEFIT_ORDER}


@dataclass(frozen=True)
class DrawResult:
    selected: list[int]
    waitlist: list[int]

    def as_json(self) -> dict[str, list[int]]:
        return {"selected": list(self.selected), "waitlist": list(self.waitlist)}


def draw(seed: str, entries: Iterable[tuple[int, str]], quotas: Mapping[str, int],
         seats: int, order: Sequence[str] = STRATUM_ORDER) -> DrawResult:
    """Who gets a seat and the waitlist's order, from the seed, the numbers and the quotas."""
    rng = random.Random(seed)
    by_group: dict[str, list[int]] = {group: [] for group in order}
    for number, group in entries:
        if group not in by_group:
            raise ValueError(f"group {group!r} is not in the order {list(order)!r}")
        by_group[group].append(int(number))
    selected: list[int] = []
    left: list[int] = []
    for group in order:
        numbers = sorted(by_group[group])
        rng.shuffle(numbers)
        quota = max(0, int(quotas.get(group, 0)))
        selected += numbers[:quota]
        left += numbers[quota:]
    left.sort()
    rng.shuffle(left)
    free = max(0, seats - len(selected))
    return DrawResult(selected=selected + left[:free], waitlist=left[free:])


def next_from_waitlist(waitlist: list[int], groups: Mapping[int, str], group: str) -> int | None:
    """Who is offered a cancelled seat of `group`: same group first, then anyone."""
    for number in waitlist:
        if groups.get(number) == group:
            return number
    return waitlist[0] if waitlist else None
