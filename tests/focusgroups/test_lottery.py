"""The lottery is a pure function: the same seed, numbers and quotas give the same draw; it
meets the quotas whenever a stratum has the volunteers for them; and anyone can re-run a
published draw from the seed, quotas and anonymous numbers shown on the page."""

from __future__ import annotations

import hashlib
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from app.focusgroups import services
from app.focusgroups.lottery import STRATUM_ORDER, draw, next_from_waitlist
from app.focusgroups.models import FocusGroupState, Stratum
from tests.focusgroups.builders import build_focus_scene, make_focus_group, members_in
from tests.proposals.builders import done

entries_strategy = st.lists(st.sampled_from(STRATUM_ORDER), max_size=40).map(
    lambda strata: [(number, stratum) for number, stratum in enumerate(strata, start=1)])
quotas_strategy = st.fixed_dictionaries({stratum: st.integers(0, 6) for stratum in STRATUM_ORDER})


@settings(max_examples=150, deadline=None)
@given(seed=st.text(min_size=1, max_size=40), entries=entries_strategy, quotas=quotas_strategy,
       extra=st.integers(0, 6))
def test_the_draw_is_reproducible_and_meets_the_quotas(seed, entries, quotas, extra):
    seats = sum(quotas.values()) + extra
    result = draw(seed, entries, quotas, seats)
    assert result == draw(seed, list(reversed(entries)), quotas, seats)  # order of input is irrelevant
    strata = dict(entries)
    chosen = Counter(strata[number] for number in result.selected)
    available = Counter(strata.values())
    for stratum in STRATUM_ORDER:
        # Every stratum gets its quota, or everyone in it when it has fewer volunteers.
        assert chosen[stratum] >= min(quotas[stratum], available[stratum])
    assert len(result.selected) == min(seats, len(entries))
    assert sorted(result.selected + result.waitlist) == sorted(strata)
    assert not set(result.selected) & set(result.waitlist)


def test_a_different_seed_gives_a_different_draw():
    entries = [(number, "long") for number in range(1, 21)]
    results = {tuple(draw(f"frø {i}", entries, {"long": 5}, 5).selected) for i in range(10)}
    assert len(results) > 1


def test_the_draw_is_fixed_for_a_known_seed():
    """A published example: if this changes, old published draws could no longer be re-run."""
    entries = [(1, "short"), (2, "long"), (3, "long"), (4, "medium"), (5, "long"), (6, "short")]
    result = draw("eksempel", entries, {"short": 1, "medium": 0, "long": 2}, 4)
    assert result.selected == [6, 3, 5, 1]
    assert result.waitlist == [2, 4]


def test_unfilled_quota_seats_go_to_everyone_left():
    entries = [(1, "short"), (2, "short"), (3, "short")]
    result = draw("s", entries, {"long": 2}, 2)
    assert len(result.selected) == 2 and len(result.waitlist) == 1


def test_a_cancelled_seat_goes_to_the_same_stratum_first():
    strata = {7: "short", 3: "long", 9: "long"}
    assert next_from_waitlist([7, 3, 9], strata, "long") == 3
    assert next_from_waitlist([7, 3, 9], strata, "medium") == 7
    assert next_from_waitlist([], strata, "long") is None


def test_a_published_draw_can_be_rerun_from_the_page(app_ctx):
    scene = build_focus_scene()
    people = members_in(scene.network, 9)
    strata = [Stratum.SHORT, Stratum.LONG, Stratum.LONG, Stratum.MEDIUM, Stratum.LONG,
              Stratum.SHORT, Stratum.LONG, Stratum.MEDIUM, Stratum.SHORT]
    focus_group = make_focus_group(scene, FocusGroupState.OPEN,
                                   volunteers=list(zip(people, strata, strict=True)))
    commitment = focus_group.seed_commitment
    assert focus_group.draw_result is None and len(commitment) == 64
    services.run_draw(scene.moderator, focus_group)
    done()
    # What the lottery page publishes, and nothing else, re-runs the draw.
    assert hashlib.sha256(focus_group.seed.encode()).hexdigest() == commitment
    rerun = draw(focus_group.seed, focus_group.draw_entries, focus_group.quotas, focus_group.seats)
    assert rerun.as_json() == focus_group.draw_result
    long_numbers = {n for n, s in focus_group.draw_entries if s == "long"}
    assert len(long_numbers & set(rerun.selected)) >= 2
