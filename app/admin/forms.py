from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from app.committee.services import ANSWER_DAYS_MAX, ANSWER_DAYS_MIN
from app.core.forms import Form, pseudonym_max, strip


def _id_or_none(value: object) -> int | None:
    """A chosen id; the empty first choice of a required list ("Vælg ...") is no choice."""
    return None if value in ("", None) else int(value)


def _chosen_id(label, message) -> SelectField:
    """A required list of ids (a municipality, a network): one message for no, a wrong or an
    unknown choice."""
    return SelectField(label, coerce=_id_or_none, invalid_value_message=message,
                       invalid_choice_message=message,
                       validators=[DataRequired(message=message)])


class MunicipalityForm(Form):
    name = StringField(_l("Kommunens navn"), filters=[strip],
                       validators=[DataRequired(message=_l("Skriv kommunens navn.")),
                                   Length(min=2, max=100, message=_l(
                                       "Navnet skal være mellem 2 og 100 tegn."))],
                       description=_l("Kommunen får de otte netværk med det samme."))


class AppointModeratorForm(Form):
    pseudonym = StringField(_l("Pseudonym"), filters=[strip],
                            validators=[DataRequired(message=_l("Skriv pseudonymet.")),
                                        pseudonym_max()])
    network = _chosen_id(_l("Netværk"), _l("Vælg et netværk."))


class AppointCommitteeMemberForm(Form):
    pseudonym = StringField(_l("Pseudonym"), filters=[strip],
                            validators=[DataRequired(message=_l("Skriv pseudonymet.")),
                                        pseudonym_max()])
    municipality = _chosen_id(_l("Kommune"), _l("Vælg en kommune."))


class AnswerDeadlineForm(Form):
    municipality = _chosen_id(_l("Kommune"), _l("Vælg en kommune."))
    days = IntegerField(
        _l("Antal dage, udvalget har til at svare"),
        invalid_value_message=_l("Skriv antallet af dage som et tal, for eksempel 60."),
        validators=[InputRequired(message=_l("Skriv antallet af dage.")),
                    NumberRange(min=ANSWER_DAYS_MIN, max=ANSWER_DAYS_MAX, message=_l(
                        "Vælg mellem %(min)s og %(max)s dage."))],
        description=_l("Fristen gælder forslag, der bliver sendt til udvalget fra nu af. "
                       "Forslag, der allerede er sendt, beholder deres frist."))


class MunicipalityContactForm(Form):
    municipality = _chosen_id(_l("Kommune"), _l("Vælg en kommune."))
    contact_url = StringField(
        _l("Adressen på kommunens kontaktside"), filters=[strip],
        validators=[Length(max=300, message=_l("Adressen må højst være 300 tegn."))],
        description=_l("Borgerne ser et link til den øverst på kommunens sider. Skriv hele "
                       "adressen, for eksempel https://www.kommune.dk/kontakt. Lad feltet være "
                       "tomt for at fjerne linket."))


class NetworkSettingsForm(Form):
    quorum = IntegerField(
        _l("Beslutningsdygtighed (antal stemmer)"),
        invalid_value_message=_l("Skriv antallet af stemmer som et tal, for eksempel 10."),
        validators=[InputRequired(message=_l("Skriv antallet af stemmer.")),
                    NumberRange(min=1, max=1000, message=_l(
                        "Vælg mellem %(min)s og %(max)s stemmer."))],
        description=_l("Så mange skal stemme, før et forslag kan vedtages."))
    join_policy = SelectField(_l("Hvem kan blive medlem?"), choices=[
        SelectChoice("open", _l("Alle kan melde sig ind")),
        SelectChoice("approval", _l("En moderator godkender"))],
        validators=[DataRequired(message=_l("Vælg, hvem der kan blive medlem."))],
        invalid_choice_message=_l("Vælg, hvem der kan blive medlem."))
    visibility = SelectField(_l("Hvem kan læse med?"), choices=[
        SelectChoice("public", _l("Alle")), SelectChoice("members", _l("Kun medlemmer"))],
        validators=[DataRequired(message=_l("Vælg, hvem der kan læse med."))],
        invalid_choice_message=_l("Vælg, hvem der kan læse med."))


class FindAccountForm(Form):
    """Find an account by its pseudonym: a search (GET), so no CSRF token."""

    class Meta:
        csrf = False

    pseudonym = StringField(_l("Pseudonym"), filters=[strip],
                            validators=[DataRequired(message=_l("Skriv pseudonymet.")),
                                        pseudonym_max()])


class ShowEmailForm(Form):
    reason = StringField(
        _l("Hvorfor skal du se e-mailadressen?"), filters=[strip],
        validators=[DataRequired(message=_l("Skriv, hvorfor du skal se e-mailadressen.")),
                    Length(min=3, max=200, message=_l(
                        "Skriv en begrundelse på mellem 3 og 200 tegn."))],
        description=_l("Begrundelsen bliver gemt i loggen sammen med dit pseudonym og "
                       "tidspunktet. Personen kan se begrundelsen og tidspunktet, når de "
                       "henter deres data, men ikke hvem du er."))
