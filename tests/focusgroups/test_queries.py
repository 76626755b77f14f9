"""The organiser's page and the invitation cost the same number of queries for 3 volunteers
as for 12 (no query per volunteer)."""

from __future__ import annotations

from app.focusgroups.models import FocusGroupState, Stratum
from tests.committee.builders import sign_in
from tests.focusgroups.builders import build_focus_scene, make_focus_group, members_in


def test_pages_do_not_query_per_volunteer(app, app_ctx, count_queries):
    scene = build_focus_scene()
    people = members_in(scene.network, 12)
    small = make_focus_group(scene, FocusGroupState.DRAWN,
                             volunteers=[(p, Stratum.LONG) for p in people[:3]])
    large = make_focus_group(scene, FocusGroupState.DRAWN,
                             volunteers=[(p, Stratum.SHORT) for p in people])
    organiser, member = sign_in(app, scene.moderator), sign_in(app, people[0])
    for browser, tail in ((organiser, "/arranger"), (member, ""), (member, "/lodtraekning")):
        counts = []
        for focus_group in (small, large):
            browser.page(f"/fokusgrupper/{focus_group.id}{tail}")  # warm caches
            with count_queries() as counter:
                browser.page(f"/fokusgrupper/{focus_group.id}{tail}")
            counts.append(counter.count)
        assert counts[0] == counts[1], (tail, counts)
        assert counts[1] <= 15, (tail, counts)
