"""Demo survey: a running satisfaction survey with a few hundred generated answers over four
monthly periods, every benefit group and channel (some cells small enough to be suppressed),
one own question, a few written answers, a batch of invitation codes, and the committee's
public answer ("Du sagde — vi gjorde") to the oldest closed month; the later ones wait, with
their clocks running."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from app.accounts.models import User
from app.extensions import db
from app.networks.models import BenefitGroup, Municipality
from app.surveys import services
from app.surveys.follow_up import period_ended_on, publish_follow_up
from app.surveys.models import SurveyResponse
from app.surveys.questions import CHANNELS, STANDARD_KEYS, own_key
from app.surveys.records import Series

# Answers per period and group: the small groups give cells under five (suppressed).
GROUP_WEIGHTS = {
    BenefitGroup.DAGPENGE: 14, BenefitGroup.KONTANTHJAELP: 20,
    BenefitGroup.UDDANNELSESHJAELP: 6, BenefitGroup.SYGEDAGPENGE: 18,
    BenefitGroup.RESSOURCEFORLOEB: 5, BenefitGroup.JOBAFKLARINGSFORLOEB: 4,
    BenefitGroup.FLEKSJOB: 7, BenefitGroup.INTEGRATIONSPROGRAM: 3,
}
WRITTEN = (
    ("Jeg vil gerne have den samme sagsbehandler hver gang.", "Send en SMS dagen før mødet."),
    ("Brevene er svære at forstå. Skriv kortere.", None),
    ("Det tager for lang tid at få svar.", "Lav en telefontid om aftenen."),
    (None, "Møder over video, når man er syg."),
    ("Jeg blev lyttet til sidste gang. Det var godt.", None),
)

FOLLOW_UP = (
    "Tak, fordi så mange af jer svarede. I siger, at det tager for lang tid at få svar, og at "
    "brevene er svære at forstå.\n\n"
    "Det gør vi nu: Fra næste måned svarer jobcentret på beskeder inden for to hverdage. Vi "
    "skriver de ti mest brugte breve om, så de er kortere og lettere at læse. Borgere fra "
    "netværkene læser dem, før de bliver sendt.\n\n"
    "Vi fortæller her, hvordan det går, når næste måneds tal er klar.")


def _periods(today: date, count: int) -> list[str]:
    year, month = today.year, today.month
    found = []
    for _ in range(count):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return found


def seed_surveys(municipality: Municipality, today: date, committee: User) -> None:
    rng = random.Random(11)
    survey = services.create_survey(municipality)
    own = services.add_question(survey, "Jeg kan nemt få fat i min sagsbehandler.")
    keys = (*STANDARD_KEYS, own_key(own.id))
    channels = [key for key, _label in CHANNELS]
    for age, period in enumerate(_periods(today, 4)):
        for group, weight in GROUP_WEIGHTS.items():
            for _ in range(weight + rng.randint(0, 3) - (2 if age else 0)):
                mood = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 5))
                scores = {key: None if rng.random() < 0.08 else
                          max(1, min(5, mood + rng.choice((-1, 0, 0, 1)))) for key in keys}
                different, idea = rng.choice(WRITTEN) if rng.random() < 0.15 else (None, None)
                db.session.add(SurveyResponse(
                    survey_id=survey.id, period=period,
                    series=rng.choice((Series.VERIFIED, Series.VERIFIED, Series.UNVERIFIED,
                                       Series.ASSISTED)),
                    benefit_group=group.value, channel=rng.choice(channels),
                    missed_meeting=rng.random() < 0.2, scores=scores, different=different,
                    idea=idea))
    survey.locked = True
    services.generate_codes(survey, BenefitGroup.KONTANTHJAELP, services.period_of(survey, today),
                            100)
    oldest = _periods(today, 4)[-1]
    answered = datetime.combine(period_ended_on(survey, oldest) + timedelta(days=24), time(10),
                                tzinfo=UTC)
    publish_follow_up(committee, survey, oldest, FOLLOW_UP, today, now=answered)
    db.session.flush()
