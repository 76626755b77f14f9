"""Demo data for focus groups (for `flask seed-demo`): one focus group in each state, made
through the services, so the lottery, its events and the published draw are real.

In Sygedagpenge: a draft, an open invitation (Bente has not volunteered: try it), a drawn one
where Bente has a seat to accept, a held one, a summarised one with its themes, and a
cancelled one.
"""

from __future__ import annotations

from datetime import timedelta

from app.accounts.models import User
from app.core.models import utcnow
from app.extensions import db
from app.focusgroups import services
from app.focusgroups.models import FocusGroup, MeetingForm, Stratum, VolunteerStatus
from app.networks.models import Network

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
)
SUMMARY = """Seks deltagere talte om ventetid. Temaerne var:

- **Uvished**: man ved ikke, om pengene kommer.
- **Kontakt**: man vil gerne vide, hvem der har ens sag.
- **Forslag**: en kvittering med en dato for svaret.
"""
STRATA = (Stratum.LONG, Stratum.SHORT, Stratum.MEDIUM, Stratum.LONG, Stratum.LONG,
          Stratum.SHORT, Stratum.MEDIUM)


def _group(moderator: User, network: Network, index: int, **changes) -> FocusGroup:
    topic, description, days, form, place = GROUPS[index]
    return services.create_focus_group(moderator, network, services.Invitation(
        topic=topic, description=description, meeting_form=form,
        starts_at=utcnow() + timedelta(days=days), place=place, **{**BASE, **changes}))


def _volunteers(focus_group: FocusGroup, people: list[User]) -> None:
    for index, person in enumerate(people):
        services.volunteer(person, focus_group, services.Offer(
            stratum=STRATA[index % len(STRATA)], benefit_group=None, preferred_form=None,
            needs="", contact=f"2{index:07d}", consent=True))


def _held(moderator: User, focus_group: FocusGroup, days_ago: int) -> None:
    focus_group.starts_at = utcnow() - timedelta(days=days_ago)
    db.session.flush()
    services.mark_held(moderator, focus_group)


def seed_focus_groups(network: Network, moderator: User, citizens: list[User],
                      borger: User) -> None:
    _group(moderator, network, 0)  # a draft

    invitation = _group(moderator, network, 1)
    services.open_for_volunteers(moderator, invitation)
    _volunteers(invitation, citizens[:5])

    # Every seat is set aside for those in the system for more than 3 years, as Bente is.
    drawn = _group(moderator, network, 2, quotas={Stratum.LONG: 4})
    services.open_for_volunteers(moderator, drawn)
    _volunteers(drawn, [borger, *citizens[5:11]])
    services.run_draw(moderator, drawn)
    for row in services.volunteers_of(drawn):
        if row.status is VolunteerStatus.SELECTED and row.user_id != borger.id:
            services.accept_seat(row.user, row)

    for index, days_ago, summary in ((3, 2, None), (4, 8, SUMMARY)):
        focus_group = _group(moderator, network, index)
        services.open_for_volunteers(moderator, focus_group)
        _volunteers(focus_group, citizens[index:index + 6])
        services.run_draw(moderator, focus_group)
        _held(moderator, focus_group, days_ago)
        if summary:
            services.publish_summary(moderator, focus_group, summary)

    cancelled = _group(moderator, network, 5)
    services.open_for_volunteers(moderator, cancelled)
    services.cancel(moderator, cancelled)
    db.session.flush()
