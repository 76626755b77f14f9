"""The lottery is a pure function: the same seed, numbers and quotas give the same draw; it
meets the quotas whenever a group has the volunteers for them (groups by time in the system
or by benefit group); and anyone can re-run a published draw from the seed, quotas, order of
the groups and anonymous numbers shown on the page."""

from __future__ import annotations

import hashlib
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.focusgroups import services
from app.focusgroups.lottery import (
    BENEFIT_ORDER,
    NO_ANSWER,
    ORDERS,
    STRATUM_ORDER,
    draw,
    next_from_waitlist,
)
from app.focusgroups.models import FocusGroupState, QuotaBasis, Stratum
from app.networks.models import BenefitGroup
from tests.focusgroups.builders import (
    build_focus_scene,
    close_volunteering,
    make_focus_group,
    members_in,
)
from tests.proposals.builders import done


def _entries(order):
    return st.lists(st.sampled_from(order), max_size=40).map(
        lambda groups: [(number, group) for number, group in enumerate(groups, start=1)])


def _quotas(order):
    # The group of those who did not say their benefit group never has a quota.
    return st.fixed_dictionaries({group: st.integers(0, 6) if group != NO_ANSWER
                                  else st.just(0) for group in order})


@st.composite
def lotteries(draw_, order):
    return draw_(_entries(order)), draw_(_quotas(order))


@settings(max_examples=150, deadline=None)
@given(seed=st.text(min_size=1, max_size=40), basis=st.sampled_from(sorted(ORDERS)),
       data=st.data(), extra=st.integers(0, 6))
def test_the_draw_is_reproducible_and_meets_the_quotas(seed, basis, data, extra):
    order = ORDERS[basis]
    entries, quotas = data.draw(lotteries(order))
    seats = sum(quotas.values()) + extra
    result = draw(seed, entries, quotas, seats, order)
    # The order of the input is irrelevant.
    assert result == draw(seed, list(reversed(entries)), quotas, seats, order)
    groups = dict(entries)
    chosen = Counter(groups[number] for number in result.selected)
    available = Counter(groups.values())
    for group in order:
        # Every group gets its quota, or everyone in it when it has fewer volunteers.
        assert chosen[group] >= min(quotas[group], available[group])
    assert len(result.selected) == min(seats, len(entries))
    assert sorted(result.selected + result.waitlist) == sorted(groups)
    assert not set(result.selected) & set(result.waitlist)


def test_the_orders_are_the_models_groups():
    assert STRATUM_ORDER == tuple(stratum.value for stratum in Stratum) == QuotaBasis.TIME.order
    assert (*(group.value for group in BenefitGroup), NO_ANSWER) == BENEFIT_ORDER
    assert QuotaBasis.BENEFIT.order == BENEFIT_ORDER


def test_a_group_outside_the_order_is_refused():
    with pytest.raises(ValueError, match="not in the order"):
        draw("s", [(1, "kontanthjaelp")], {}, 1)


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
    close_volunteering(focus_group)
    services.run_draw(scene.moderator, focus_group)
    done()
    # What the lottery page publishes, and nothing else, re-runs the draw.
    assert hashlib.sha256(focus_group.seed.encode()).hexdigest() == commitment
    rerun = draw(focus_group.seed, focus_group.draw_entries, focus_group.quotas, focus_group.seats)
    assert rerun.as_json() == focus_group.draw_result
    long_numbers = {n for n, s in focus_group.draw_entries if s == "long"}
    assert len(long_numbers & set(rerun.selected)) >= 2


def test_a_published_draw_by_benefit_group_can_be_rerun_and_meets_the_quotas(app_ctx):
    """Quotas per benefit group: the page's data re-runs the draw; the quotas are met; a
    quota a group cannot fill goes to everyone left, as step 2 publishes it."""
    scene = build_focus_scene()
    people = members_in(scene.network, 10)
    kh, rf, dp = (BenefitGroup.KONTANTHJAELP, BenefitGroup.RESSOURCEFORLOEB,
                  BenefitGroup.DAGPENGE)
    benefits = [kh, dp, kh, dp, None, rf, dp, kh, dp, None]
    focus_group = make_focus_group(
        scene, FocusGroupState.OPEN, seats=5, quota_basis=QuotaBasis.BENEFIT,
        quotas={kh: 2, rf: 2},  # only one person in ressourceforløb: one seat is left over
        volunteers=[(p, Stratum.LONG, b) for p, b in zip(people, benefits, strict=True)])
    assert focus_group.quotas == {group.value: 0 for group in BenefitGroup} | {
        "kontanthjaelp": 2, "ressourceforloeb": 2}
    close_volunteering(focus_group)
    services.run_draw(scene.moderator, focus_group)
    done()
    entries = focus_group.draw_entries
    assert sorted(group for _number, group in entries) == sorted(
        (b.value if b else NO_ANSWER) for b in benefits)
    rerun = draw(focus_group.seed, entries, focus_group.quotas, focus_group.seats,
                 BENEFIT_ORDER)
    assert rerun.as_json() == focus_group.draw_result
    group_of = dict(entries)
    chosen = Counter(group_of[number] for number in rerun.selected)
    assert chosen["kontanthjaelp"] >= 2 and chosen["ressourceforloeb"] == 1
    assert len(rerun.selected) == 5
    # Step by step as the page tells it: the quota seats first, group by group in the order,
    # then the free and the unfilled seats to everyone left, shuffled with the same seed.
    rng = random.Random(focus_group.seed)
    selected, left = [], []
    for group in BENEFIT_ORDER:
        numbers = sorted(n for n, g in entries if g == group)
        rng.shuffle(numbers)
        quota = focus_group.quotas.get(group, 0)
        selected += numbers[:quota]
        left += numbers[quota:]
    left.sort()
    rng.shuffle(left)
    free = focus_group.seats - len(selected)
    assert free == 2  # one seat no group had, one ressourceforløb could not fill
    assert selected + left[:free] == rerun.selected and left[free:] == rerun.waitlist
