"""Who may read a published invitation exists twice, as a rule and as a where-clause (for the
list): they agree for every person and network; drafts are for their organisers only."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.focusgroups import rules
from app.focusgroups.models import FocusGroup, FocusGroupState
from app.networks.models import Visibility
from tests.factories import make_member, network_by_slug
from tests.focusgroups.builders import build_focus_scene, make_focus_group
from tests.proposals.builders import done, forget_rules


def test_the_rule_and_the_where_clause_agree(app_ctx):
    scene = build_focus_scene()
    closed = network_by_slug(scene.municipality, "ressourceforloeb")
    closed.visibility = Visibility.MEMBERS
    done()
    insider = make_member(closed, pseudonym="Lukket Lis")
    closed_moderator_scene = type(scene)(**{**vars(scene), "network": closed,
                                            "moderator": scene.admin})
    groups = [make_focus_group(scene), make_focus_group(scene, FocusGroupState.DRAFT),
              make_focus_group(closed_moderator_scene),
              make_focus_group(closed_moderator_scene, FocusGroupState.CANCELLED)]
    for person in (None, scene.outsider, scene.member, insider, scene.moderator, scene.admin):
        forget_rules()
        listed = set(db.session.scalars(select(FocusGroup.id).where(
            rules.readable_focus_groups(person))))
        allowed = {g.id for g in groups if rules.can_view_focus_group(person, g)
                   and g.state is not FocusGroupState.DRAFT}
        assert listed == allowed, person
    draft = groups[1]
    assert rules.can_view_focus_group(scene.moderator, draft)
    assert not rules.can_view_focus_group(scene.member, draft)
    assert not rules.can_view_focus_group(scene.member, groups[2])
    assert rules.can_view_focus_group(insider, groups[2])
