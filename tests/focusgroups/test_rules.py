"""Who may read a published invitation exists twice, as a rule and as a where-clause (for the
list): they agree for every person and network; drafts are for their organisers only. Who
organises and who may volunteer for a focus group for a whole municipality."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.focusgroups import rules, services
from app.focusgroups.models import FocusGroup, FocusGroupState
from app.networks.models import Visibility
from tests.factories import make_member, make_moderator, make_municipality, network_by_slug, suspend
from tests.focusgroups.builders import build_focus_scene, make_focus_group, offer
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
              make_focus_group(closed_moderator_scene, FocusGroupState.CANCELLED),
              make_focus_group(scene, municipal=True),
              make_focus_group(scene, FocusGroupState.DRAFT, municipal=True)]
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


# --- focus groups for the whole municipality ----------------------------------------------------

def test_who_organises_and_who_is_invited_to_a_municipal_focus_group(app_ctx):
    scene = build_focus_scene()
    focus_group = make_focus_group(scene, municipal=True)
    assert focus_group.network_id is None
    assert focus_group.municipality_id == scene.municipality.id
    other_town = network_by_slug(make_municipality("Andenby"), "sygedagpenge")
    elsewhere = SimpleNamespace(moderator=make_moderator(other_town, pseudonym="Anden By Mod"),
                                member=make_member(other_town, pseudonym="Anden By Borger"))
    in_another_network = make_member(network_by_slug(scene.municipality, "kontanthjaelp"),
                                     pseudonym="Kontant Karl")
    suspended = make_member(network_by_slug(scene.municipality, "fleksjob"),
                            pseudonym="Pause Per")
    suspend(suspended, network_by_slug(scene.municipality, "fleksjob"),
            utcnow() + timedelta(days=3))
    done()
    for person, organises in ((scene.admin, True), (scene.moderator, True),
                              (scene.other_moderator, True), (elsewhere.moderator, False),
                              (scene.member, False), (None, False)):
        forget_rules()
        assert rules.can_organise(person, focus_group) is organises, person
        assert rules.can_create_municipal_focus_group(person, scene.municipality) is organises
    for person, invited in ((scene.member, True), (in_another_network, True),
                            (scene.other_moderator, True), (suspended, False),
                            (scene.outsider, False), (elsewhere.member, False), (None, False)):
        forget_rules()
        assert rules.can_volunteer(person, focus_group, None) is invited, person
    # Everyone may read the invitation, as the network's public ones.
    assert rules.can_view_focus_group(None, focus_group)
    services.volunteer(in_another_network, focus_group, offer())
    done()
