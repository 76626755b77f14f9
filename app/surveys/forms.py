"""Forms for answering and for setting up. Shape only: services enforce the rules.

The scale questions of a page are read from the posted form by the view against the fixed
choices (app/surveys/questions.py), so no form class is changed at runtime."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.core.forms import Form, strip, text_max
from app.networks.models import BENEFIT_GROUP_LABELS, BenefitGroup
from app.surveys.follow_up import FOLLOW_UP_MAX
from app.surveys.models import PERIOD_MONTHS
from app.surveys.questions import DIFFERENT_QUESTION, IDEA_QUESTION
from app.surveys.services import FREE_TEXT_MAX, MAX_BATCH, QUESTION_MAX

# An invitation code is ten letters and digits (ABCDE-FGHJK): big letters, no spelling help,
# and not remembered by the browser (it is used once).
CODE_ATTRIBUTES = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                   "autocorrect": "off"}
_code_too_long = _l("Koden er for lang. Skriv den, som den står i dit brev eller din SMS.")


def _code_field(description=None) -> StringField:
    return StringField(_l("Din kode"), filters=[strip], description=description,
                       render_kw=CODE_ATTRIBUTES,
                       validators=[Optional(), Length(max=40, message=_code_too_long)])


class CodeForm(Form):
    code = _code_field(_l("Koden står i dit brev eller din SMS. For eksempel ABCDE-FGHJK."))


class FreeTextForm(Form):
    different = TextAreaField(DIFFERENT_QUESTION, filters=[strip],
                              validators=[text_max(FREE_TEXT_MAX)])
    idea = TextAreaField(IDEA_QUESTION, filters=[strip], validators=[text_max(FREE_TEXT_MAX)])
    code = _code_field()


_period_choices = [SelectChoice(months, _l("%(n)d måned", n=months) if months == 1 else
                                 _l("%(n)d måneder", n=months)) for months in PERIOD_MONTHS]
_choose_period = _l("Vælg periodens længde på listen.")


class SurveyForm(Form):
    municipality = SelectField(_l("Kommune"), coerce=int,
                               invalid_value_message=_l("Vælg en kommune."),
                               invalid_choice_message=_l("Vælg en kommune."),
                               validators=[InputRequired(message=_l("Vælg en kommune."))])
    period_months = SelectField(_l("Periodens længde"), coerce=int, choices=_period_choices,
                                invalid_value_message=_choose_period,
                                invalid_choice_message=_choose_period,
                                description=_l("Resultaterne vises for hver periode."))
    open_link = BooleanField(_l("Alle må svare uden kode (åbent link og plakat). Svarene "
                                "tælles for sig som »ikke bekræftede«."), default=True)


class SettingsForm(Form):
    period_months = SelectField(_l("Periodens længde"), coerce=int, choices=_period_choices,
                                invalid_value_message=_choose_period,
                                invalid_choice_message=_choose_period)
    open_link = BooleanField(_l("Alle må svare uden kode (åbent link og plakat). Svarene "
                                "tælles for sig som »ikke bekræftede«."))


class QuestionForm(Form):
    text = StringField(_l("Dit eget spørgsmål"), filters=[strip],
                       description=_l("Skriv en kort sætning, som man kan være enig eller "
                                      "uenig i. Den besvares på samme skala fra 1 til 5."),
                       validators=[InputRequired(message=_l("Skriv spørgsmålet.")),
                                   text_max(QUESTION_MAX)])


class CodeBatchForm(Form):
    benefit_group = SelectField(
        _l("Ydelse"), choices=[SelectChoice(group.value, BENEFIT_GROUP_LABELS[group])
                               for group in BenefitGroup],
        invalid_choice_message=_l("Vælg en ydelse."),
        validators=[InputRequired(message=_l("Vælg en ydelse."))])
    period = StringField(_l("Periode"), filters=[strip],
                         description=_l("År og første måned i perioden, for eksempel 2026-12."),
                         validators=[InputRequired(message=_l("Skriv perioden."))])
    count = IntegerField(_l("Antal koder"), default=500,
                         invalid_value_message=_l("Skriv et helt tal, for eksempel 500."),
                         validators=[InputRequired(message=_l("Skriv et antal.")),
                                     NumberRange(min=1, max=MAX_BATCH, message=_l(
                                         "Vælg et antal fra 1 til %(max)d.", max=MAX_BATCH))])


class FollowUpForm(Form):
    text = TextAreaField(
        _l("Udvalgets svar til borgerne"), filters=[strip],
        description=_l("Fortæl, hvad udvalget har hørt, og hvad I vil gøre. Svaret bliver vist "
                       "for alle på siden med resultaterne. Det kan ikke ændres bagefter. Skriv "
                       "kort og klart, og brug »du« og »I«."),
        validators=[InputRequired(message=_l("Skriv, hvad udvalget vil gøre ved det, borgerne "
                                             "har svaret.")),
                    text_max(FOLLOW_UP_MAX)])
