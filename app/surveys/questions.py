"""The standard questions, their scale and the fixed choices, in plain Danish.

Every standard question is a short statement answered on a labelled 1-5 scale or "ved ikke".
tests/surveys/test_readability.py checks each text with app/core/readability.py (LIX <= 35).
The keys are stable: they are stored in the response rows and read by the publication.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.networks.models import BENEFIT_GROUP_LABELS, BenefitGroup

HEADLINE = "fremdrift"  # the headline figure: progress in my case
DONT_KNOW = "ved-ikke"
NOT_SAID = "ikke-oplyst"
MAX_OWN_QUESTIONS = 5


@dataclass(frozen=True)
class Question:
    key: str
    text: object  # a lazy string, or plain text for an admin's own question


STANDARD_QUESTIONS = (
    Question("respekt", _l("Jeg bliver mødt med respekt.")),
    Question("lytter", _l("Jobcentret lytter til mig.")),
    Question("indflydelse", _l("Jeg har indflydelse på min egen plan.")),
    Question("tillid", _l("Jeg stoler på jobcentret.")),
    Question("samtale", _l("Min sidste samtale gav mening.")),
    Question("breve", _l("Jeg forstår de breve, jeg får.")),
    Question(HEADLINE, _l("Min sag kommer fremad.")),
    Question("samlet", _l("Alt i alt er jeg glad for jobcentret.")),
)
STANDARD_KEYS = tuple(question.key for question in STANDARD_QUESTIONS)

SCALE = (
    ("1", _l("1 – Helt uenig")),
    ("2", _l("2 – Uenig")),
    ("3", _l("3 – Hverken enig eller uenig")),
    ("4", _l("4 – Enig")),
    ("5", _l("5 – Helt enig")),
    (DONT_KNOW, _l("Ved ikke")),
)

CHANNELS = (
    ("fremmoede", _l("Jeg mødte op")),
    ("telefon", _l("Telefon")),
    ("video", _l("Video")),
    ("sms-mail", _l("SMS eller mail")),
    ("brev", _l("Brev")),
)
CHANNEL_KEYS = frozenset(key for key, _label in CHANNELS)

MISSED_CHOICES = (("ja", _l("Ja")), ("nej", _l("Nej")))

GROUP_QUESTION = _l("Hvilken ydelse får du?")
CHANNEL_QUESTION = _l("Hvad var din sidste kontakt?")
MISSED_QUESTION = _l("Har du misset eller aflyst et møde i de sidste tre måneder?")
DIFFERENT_QUESTION = _l("Hvad skal være anderledes?")
IDEA_QUESTION = _l("Har du en idé til jobcentret?")

# Everything a person reads as a question, for the readability test.
ALL_STANDARD_TEXTS = (*(question.text for question in STANDARD_QUESTIONS), GROUP_QUESTION,
                      CHANNEL_QUESTION, MISSED_QUESTION, DIFFERENT_QUESTION, IDEA_QUESTION)


def group_choices() -> list[tuple[str, object]]:
    return [*((group.value, BENEFIT_GROUP_LABELS[group]) for group in BenefitGroup),
            (NOT_SAID, _l("Det vil jeg ikke svare på"))]


BENEFIT_GROUP_KEYS = frozenset(group.value for group in BenefitGroup)


def own_key(question_id: int) -> str:
    return f"egen-{question_id}"
