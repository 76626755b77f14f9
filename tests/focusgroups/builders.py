"""The focus-group tests' scene: a municipality's public network with a moderator and an
admin (both with two-factor log-in), members, an outsider, and focus groups in any state."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from app.core.models import utcnow
from app.focusgroups import services
from app.focusgroups.models import FocusGroup, FocusGroupState, MeetingForm, Stratum
from tests.factories import make_member, make_moderator, make_municipality, make_user, network_by_slug
from tests.proposals.builders import done

STRATA = (Stratum.SHORT, Stratum.MEDIUM, Stratum.LONG)


def build_focus_scene(name: str = "Fokusby") -> SimpleNamespace:
    municipality = make_municipality(name)
    network = network_by_slug(municipality, "sygedagpenge")
    scene = SimpleNamespace(
        municipality=municipality, network=network,
        moderator=make_moderator(network, pseudonym="Arrangør Anna", totp=True),
        other_moderator=make_moderator(network_by_slug(municipality, "dagpenge"),
                                       pseudonym="Anden Moderator", totp=True),
        admin=make_user(pseudonym="Admin Ada", admin=True, totp=True),
        member=make_member(network, pseudonym="Medlem Maja"),
        outsider=make_user(pseudonym="Udenfor Ulf"))
    scene.create_url = f"/kommuner/{municipality.slug}/{network.slug}/fokusgrupper/ny"
    done()
    return scene


def invitation(**changes) -> services.Invitation:
    values = dict(
        topic="Din første samtale på jobcentret", description="Hvad gik godt, og hvad gik skidt?",
        audience="Dig, der er sygemeldt.", meeting_form=MeetingForm.IN_PERSON,
        starts_at=utcnow() + timedelta(days=14), duration_minutes=90,
        place="Rådhuset, lokale 2", seats=4, compensation="Vi betaler transport.",
        accessibility="Der er elevator.", recording="Vi skriver stikord ned uden navne.",
        quotas={Stratum.SHORT: 1, Stratum.MEDIUM: 1, Stratum.LONG: 2} if "seats" not in changes
        else {})
    values.update(changes)
    values.setdefault("closes_at", values["starts_at"] - timedelta(days=1))
    return services.Invitation(**values)


def close_volunteering(focus_group: FocusGroup) -> None:
    """Move "Tilmelding senest" into the past, as if the time had come: now the lots may be drawn."""
    focus_group.closes_at = utcnow() - timedelta(minutes=1)
    done()


def offer(stratum: Stratum = Stratum.LONG, contact: str = "12345678", **changes) -> services.Offer:
    values = dict(stratum=stratum, benefit_group=None, preferred_form=None,
                  needs="Jeg har brug for pauser.", contact=contact, consent=True)
    values.update(changes)
    return services.Offer(**values)


def make_focus_group(scene, state: FocusGroupState = FocusGroupState.OPEN,
                     volunteers=(), seed: str = "frø-til-test", municipal: bool = False,
                     **changes) -> FocusGroup:
    """A focus group moved through the services to `state`; `volunteers` are (user, stratum)
    pairs who volunteer while it is open (or (user, stratum, benefit group) triples).
    `municipal`: for the whole municipality, made by the admin."""
    if municipal:
        focus_group = services.create_municipal_focus_group(scene.admin, scene.municipality,
                                                             invitation(**changes))
    else:
        focus_group = services.create_focus_group(scene.moderator, scene.network,
                                                  invitation(**changes))
    done()
    if state is FocusGroupState.DRAFT:
        return focus_group
    if state is FocusGroupState.CANCELLED:
        services.cancel(scene.moderator, focus_group)
        done()
        return focus_group
    services.open_for_volunteers(scene.moderator, focus_group, seed=seed)
    done()
    for user, stratum, *benefit in volunteers:
        services.volunteer(user, focus_group, offer(stratum, contact=f"{user.id}0000000"[:8],
                                                    benefit_group=(benefit or [None])[0]))
    done()
    if state is FocusGroupState.OPEN:
        return focus_group
    close_volunteering(focus_group)
    services.run_draw(scene.moderator, focus_group)
    done()
    if state is FocusGroupState.DRAWN:
        return focus_group
    focus_group.starts_at = utcnow() - timedelta(hours=2)
    done()
    services.mark_held(scene.moderator, focus_group)
    done()
    if state is FocusGroupState.HELD:
        return focus_group
    services.publish_summary(scene.moderator, focus_group, "- Ventetid\n- At blive hørt")
    done()
    return focus_group


def members_in(network, count: int, prefix: str = "Frivillig"):
    made = [make_member(network, pseudonym=f"{prefix} {i}") for i in range(1, count + 1)]
    done()
    return made
