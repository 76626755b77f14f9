"""Demo data for focus groups (for `flask seed-demo`): one focus group in each state, made
through the services, so the lottery, its events and the published draw are real.

In Sygedagpenge: a draft, an open invitation (Bente has not volunteered: try it), one whose
"Tilmelding senest" has passed (the moderator may draw), a drawn one where Bente has a seat
to accept, a held one, and a cancelled one. For the whole municipality, with quotas per
benefit group: an open invitation (Bente may volunteer here too) and a summarised one with
its themes.
"""

from __future__ import annotations

from datetime import timedelta

from app.accounts.models import User
from app.core.models import utcnow
from app.extensions import db
from app.focusgroups import services
from app.focusgroups.models import FocusGroup, MeetingForm, QuotaBasis, Stratum, VolunteerStatus
from app.networks.models import BenefitGroup, Municipality, Network

BASE = dict(
    audience="Dig, der er sygemeldt og får sygedagpenge.", duration_minutes=90, seats=4,
    compensation="Du får 200 kr. for at deltage, og vi betaler din transport.",
    accessibility="Lokalet er i stueetagen. Der er handicaptoilet. Sig til, hvis du har brug "
                  "for tolk eller pauser.",
    recording="Vi skriver stikord ned uden navne. Vi optager ikke.",
    quotas={Stratum.SHORT: 1, Stratum.MEDIUM: 1, Stratum.LONG: 2})

GROUPS = (
    # (topic, description, days from now, form, place)
    ("Breve fra jobcentret", "Er brevene til at forstå? Hvad skal der stå i dem?", 40,
     MeetingForm.VIDEO, "Link sendes på e-mail"),
    ("Din første samtale", "Hvordan var din første samtale på jobcentret? Hvad kunne være "
     "bedre?", 21, MeetingForm.IN_PERSON, "Jobcentret, Torvet 1, mødelokale 3"),
    ("Opfølgning, når man er syg", "Hvordan skal jobcentret følge op, når du er syg?", 10,
     MeetingForm.IN_PERSON, "Rådhuset, lokale 2"),
    ("Ventetid på svar", "Hvad betyder det for dig at vente på svar?", 5, MeetingForm.PHONE,
     "Vi ringer til dig"),
    ("Samtaler i telefonen", "Hvornår er en samtale i telefonen god nok?", 3,
     MeetingForm.PHONE, "Vi ringer til dig"),
    ("Sommerens aktiviteter", "Hvad skal jobcentret tilbyde om sommeren?", 30,
     MeetingForm.IN_PERSON, "Biblioteket"),
    ("Når sagen skifter sagsbehandler", "Hvad sker der, når du får en ny sagsbehandler?", 12,
     MeetingForm.IN_PERSON, "Jobcentret, Torvet 1, mødelokale 1"),
    ("Hvem bliver hørt i kommunen?", "Hvad skal kommunen gøre for at høre dem, der sjældent "
     "bliver spurgt?", 25, MeetingForm.IN_PERSON, "Rådhuset, byrådssalen"),
)
# Quotas per benefit group for the municipality's focus groups: most seats for those on
# kontanthjælp and in ressourceforløb, who are heard the least.
BENEFIT_QUOTAS = {BenefitGroup.KONTANTHJAELP: 2, BenefitGroup.RESSOURCEFORLOEB: 2,
                  BenefitGroup.SYGEDAGPENGE: 1}
MUNICIPAL = dict(
    audience="Dig, der er i kontakt med jobcentret i kommunen, uanset ydelse.", seats=6,
    quota_basis=QuotaBasis.BENEFIT, quotas=BENEFIT_QUOTAS)
SUMMARY = """Seks deltagere talte om ventetid. Temaerne var:

- **Uvished**: man ved ikke, om pengene kommer.
- **Kontakt**: man vil gerne vide, hvem der har ens sag.
- **Forslag**: en kvittering med en dato for svaret.
"""
STRATA = (Stratum.LONG, Stratum.SHORT, Stratum.MEDIUM, Stratum.LONG, Stratum.LONG,
          Stratum.SHORT, Stratum.MEDIUM)
BENEFITS = (BenefitGroup.SYGEDAGPENGE, BenefitGroup.KONTANTHJAELP, BenefitGroup.DAGPENGE,
            BenefitGroup.RESSOURCEFORLOEB, None, BenefitGroup.KONTANTHJAELP,
            BenefitGroup.FLEKSJOB, BenefitGroup.SYGEDAGPENGE, BenefitGroup.RESSOURCEFORLOEB)


def _invitation(index: int, **changes) -> services.Invitation:
    topic, description, days, form, place = GROUPS[index]
    starts_at = (utcnow() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    values = {**BASE, "closes_at": starts_at - timedelta(days=1), **changes}
    return services.Invitation(topic=topic, description=description, meeting_form=form,
                               starts_at=starts_at, place=place, **values)


def _group(moderator: User, network: Network, index: int, **changes) -> FocusGroup:
    return services.create_focus_group(moderator, network, _invitation(index, **changes))


def _municipal(admin: User, municipality: Municipality, index: int) -> FocusGroup:
    return services.create_municipal_focus_group(admin, municipality,
                                                 _invitation(index, **MUNICIPAL))


def _volunteers(focus_group: FocusGroup, people: list[User]) -> None:
    for index, person in enumerate(people):
        services.volunteer(person, focus_group, services.Offer(
            stratum=STRATA[index % len(STRATA)], benefit_group=BENEFITS[index % len(BENEFITS)],
            preferred_form=None, needs="", contact=f"2{index:07d}", consent=True))


def _close(focus_group: FocusGroup, hours_ago: int = 1) -> None:
    """As if "Tilmelding senest" had passed: volunteering is closed, the lots may be drawn."""
    focus_group.closes_at = (utcnow() - timedelta(hours=hours_ago)).replace(second=0,
                                                                           microsecond=0)
    db.session.flush()


def _held(moderator: User, focus_group: FocusGroup, days_ago: int) -> None:
    focus_group.starts_at = utcnow() - timedelta(days=days_ago)
    db.session.flush()
    services.mark_held(moderator, focus_group)


def seed_focus_groups(network: Network, moderator: User, admin: User, citizens: list[User],
                      borger: User) -> None:
    _group(moderator, network, 0)  # a draft

    invitation = _group(moderator, network, 1)
    services.open_for_volunteers(moderator, invitation)
    _volunteers(invitation, citizens[:5])

    # "Tilmelding senest" has passed: the moderator may draw now.
    closed = _group(moderator, network, 6)
    services.open_for_volunteers(moderator, closed)
    _volunteers(closed, citizens[6:12])
    _close(closed)

    # Every seat is set aside for those in the system for more than 3 years, as Bente is.
    drawn = _group(moderator, network, 2, quotas={Stratum.LONG: 4})
    services.open_for_volunteers(moderator, drawn)
    _volunteers(drawn, [borger, *citizens[5:11]])
    _close(drawn)
    services.run_draw(moderator, drawn)
    for row in services.volunteers_of(drawn):
        if row.status is VolunteerStatus.SELECTED and row.user_id != borger.id:
            services.accept_seat(row.user, row)

    held = _group(moderator, network, 4)
    services.open_for_volunteers(moderator, held)
    _volunteers(held, citizens[3:9])
    _close(held, hours_ago=80)
    services.run_draw(moderator, held)
    _held(moderator, held, days_ago=2)

    cancelled = _group(moderator, network, 5)
    services.open_for_volunteers(moderator, cancelled)
    services.cancel(moderator, cancelled)

    # For the whole municipality, with quotas per benefit group.
    municipality = network.municipality
    municipal = _municipal(admin, municipality, 7)
    services.open_for_volunteers(admin, municipal)
    _volunteers(municipal, citizens[10:16])

    summarised = _municipal(admin, municipality, 3)
    services.open_for_volunteers(admin, summarised)
    _volunteers(summarised, citizens[:len(BENEFITS) + 2])
    _close(summarised, hours_ago=200)
    services.run_draw(admin, summarised)
    _held(admin, summarised, days_ago=8)
    services.publish_summary(admin, summarised, SUMMARY)
    db.session.flush()
