"""Forms for the invitation, volunteering and the summary. Shape only: services enforce rules."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.core.forms import Form, date_field, strip, text_max, time_field
from app.focusgroups.models import (
    FORM_LABELS,
    STRATUM_LABELS,
    FocusGroup,
    MeetingForm,
    QuotaBasis,
    Stratum,
)
from app.focusgroups.services import Invitation
from app.networks.models import BENEFIT_GROUP_LABELS, BenefitGroup

LOCAL_TIMEZONE = ZoneInfo("Europe/Copenhagen")
CONTACT_RE = re.compile(r"^(\+?[0-9 ]{8,15}|[^@\s]+@[^@\s]+\.[^@\s]+)$")


def _text(label, description=None, max_length=2000, required=None, **kwargs):
    """A text; `required` is the message that asks for it, if it must be written."""
    validators = [DataRequired(message=required)] if required else [Optional()]
    validators.append(text_max(max_length))
    return TextAreaField(label, description=description, filters=[strip], validators=validators,
                         **kwargs)


def _seats(label):
    """A quota: a number from 0 to 50; left empty it is 0."""
    return IntegerField(label, default=0, invalid_value_message=_l("Skriv et tal fra 0 til 50."),
                        validators=[Optional(), NumberRange(min=0, max=50, message=_l(
                            "Skriv et tal fra 0 til 50."))],
        render_kw={"inputmode": "numeric"})


class InvitationForm(Form):
    topic = StringField(_l("Emne"), filters=[strip], validators=[
        DataRequired(message=_l("Skriv emnet.")), text_max(150)],
        description=_l("Hvad vil I tale om? For eksempel »Din første samtale på jobcentret«."))
    description = _text(_l("Hvad skal vi tale om?"), required=_l("Skriv, hvad I vil tale om."),
                        description=_l("Fortæl kort og konkret, hvad I vil spørge om, og hvad "
                                       "svarene skal bruges til."))
    audience = _text(_l("Hvem er fokusgruppen for?"),
                     description=_l("For eksempel »Dig, der har fået sygedagpenge i mere end et år«."))
    meeting_form = RadioField(
        _l("Mødeform"), choices=[SelectChoice(form.value, FORM_LABELS[form]) for form in MeetingForm],
        validators=[InputRequired(message=_l("Vælg mødeform."))],
        invalid_choice_message=_l("Vælg mødeform."))
    starts_on = date_field(_l("Dato"), _l("Skriv datoen for mødet."))
    starts_time = time_field(_l("Klokken"), _l("Skriv, hvornår mødet begynder."),
                             _l("Dansk tid, for eksempel 13:30."))
    duration_minutes = IntegerField(
        _l("Varighed i minutter"), default=90, render_kw={"inputmode": "numeric"},
        invalid_value_message=_l("Skriv et tal fra 15 til 480."),
        validators=[InputRequired(message=_l("Skriv, hvor længe mødet varer.")),
                    NumberRange(min=15, max=480, message=_l("Skriv et tal fra 15 til 480."))])
    place = StringField(_l("Sted"), filters=[strip], validators=[Optional(), text_max(300)],
                        description=_l("Adressen og lokalet. Ved telefon eller video: hvordan "
                                       "man kommer med."))
    closes_on = date_field(
        _l("Tilmelding senest, dato"), _l("Skriv, hvornår man senest kan melde sig."),
        _l("Sidste dag, man kan melde sig. Den skal ligge før mødet. Derefter kan du trække "
           "lod. Skriv dag, måned og år, for eksempel 17.12.2026."))
    closes_time = time_field(_l("Tilmelding senest, klokken"),
                             _l("Skriv klokkeslættet for fristen."),
                             _l("Dansk tid, for eksempel 12:00."))
    seats = IntegerField(_l("Antal pladser"), default=8, render_kw={"inputmode": "numeric"},
                         invalid_value_message=_l("Skriv et tal fra 1 til 50."),
                         validators=[InputRequired(message=_l("Skriv antallet af pladser.")),
                                     NumberRange(min=1, max=50,
                                                 message=_l("Skriv et tal fra 1 til 50."))])
    quota_basis = RadioField(
        _l("Kvoterne er efter"), default=QuotaBasis.TIME.value,
        choices=[SelectChoice(QuotaBasis.TIME.value,
                              _l("Tid i systemet (hvor længe man har været i kontakt med "
                                 "jobcentret eller a-kassen)")),
                 SelectChoice(QuotaBasis.BENEFIT.value, _l("Ydelse (hvilken ydelse man får)"))],
        invalid_choice_message=_l("Vælg, hvad kvoterne er efter."),
        description=_l("Udfyld kun kvoterne for det, du vælger. Sæt de andre til 0."))
    quota_short = _seats(STRATUM_LABELS[Stratum.SHORT])
    quota_medium = _seats(STRATUM_LABELS[Stratum.MEDIUM])
    quota_long = _seats(STRATUM_LABELS[Stratum.LONG])
    compensation = _text(_l("Godtgørelse og transport"),
                         description=_l("Får deltagerne penge, gavekort eller betalt transport?"))
    accessibility = _text(_l("Tilgængelighed"),
                          description=_l("Trin, elevator, toilet, tolk, pauser, og hvem man kan "
                                         "spørge."))
    recording = _text(_l("Hvad bliver optaget eller skrevet ned?"),
                      required=_l("Skriv, hvad der bliver optaget eller skrevet ned."),
                      description=_l("For eksempel »Vi skriver stikord ned uden navne. Vi optager "
                                     "ikke.«"))

    def starts_at(self) -> datetime:
        return _utc(self.starts_on.data, self.starts_time.data)

    def closes_at(self) -> datetime:
        return _utc(self.closes_on.data, self.closes_time.data)

    def time_quota_fields(self) -> list:
        return [self[f"quota_{stratum.value}"] for stratum in Stratum]

    def benefit_quota_fields(self) -> list:
        return [self[f"quota_{group.value}"] for group in BenefitGroup]

    def invitation(self) -> Invitation:
        quotas = {group: self[f"quota_{group.value}"].data or 0
                  for group in (*Stratum, *BenefitGroup)}
        return Invitation(
            topic=self.topic.data, description=self.description.data,
            audience=self.audience.data or "", meeting_form=MeetingForm(self.meeting_form.data),
            starts_at=self.starts_at(), duration_minutes=self.duration_minutes.data,
            place=self.place.data or "", seats=self.seats.data,
            compensation=self.compensation.data or "", accessibility=self.accessibility.data or "",
            recording=self.recording.data, quotas=quotas,
            quota_basis=QuotaBasis(self.quota_basis.data), closes_at=self.closes_at())

    @staticmethod
    def values_of(focus_group: FocusGroup) -> dict:
        """A draft's values for the form, the time in Danish time."""
        local = focus_group.starts_at.astimezone(LOCAL_TIMEZONE)
        names = ("topic", "description", "audience", "duration_minutes", "place", "seats",
                 "compensation", "accessibility", "recording")
        values = {**{name: getattr(focus_group, name) for name in names},
                  "meeting_form": focus_group.meeting_form.value, "starts_on": local.date(),
                  "starts_time": local.time().replace(second=0, microsecond=0),
                  "quota_basis": focus_group.quota_basis.value,
                  **{f"quota_{group.value}": focus_group.quota_of(group)
                     for group in (*Stratum, *BenefitGroup)}}
        if focus_group.closes_at is not None:
            closes = focus_group.closes_at.astimezone(LOCAL_TIMEZONE)
            values.update(closes_on=closes.date(),
                          closes_time=closes.time().replace(second=0, microsecond=0))
        return values


# One quota field per benefit group (quota_dagpenge, quota_kontanthjaelp, ...).
for _group, _label in BENEFIT_GROUP_LABELS.items():
    setattr(InvitationForm, f"quota_{_group.value}", _seats(_label))


def _utc(day, time) -> datetime:
    return datetime.combine(day, time, LOCAL_TIMEZONE).astimezone(ZoneInfo("UTC"))


def _valid_contact(form, field) -> None:
    if field.data and not CONTACT_RE.match(field.data):
        raise ValidationError(_l("Skriv et telefonnummer med 8 cifre eller en e-mailadresse."))


class VolunteerForm(Form):
    stratum = RadioField(
        _l("Hvor længe har du været i kontakt med jobcentret eller a-kassen?"),
        choices=[SelectChoice(stratum.value, STRATUM_LABELS[stratum]) for stratum in Stratum],
        validators=[InputRequired(message=_l("Vælg, hvor længe du har været i systemet."))],
        invalid_choice_message=_l("Vælg, hvor længe du har været i systemet."),
        description=_l("Et cirka svar er nok. Vi bruger det til lodtrækningen."))
    benefit_group = SelectField(
        _l("Hvilken ydelse får du?"),
        choices=[SelectChoice("", _l("Vil ikke svare"))] + [
            SelectChoice(group.value, label) for group, label in BENEFIT_GROUP_LABELS.items()],
        validate_choice=True, invalid_choice_message=_l("Vælg en ydelse på listen."))
    preferred_form = RadioField(
        _l("Hvordan vil du helst deltage?"),
        choices=[SelectChoice("", _l("Det er lige meget"))] + [
            SelectChoice(form.value, FORM_LABELS[form]) for form in MeetingForm],
        default="", validators=[Optional()], invalid_choice_message=_l("Vælg en af mulighederne."))
    needs = _text(_l("Har du brug for noget for at kunne deltage?"), max_length=1000,
                  description=_l("For eksempel tolk, pauser, stille rum eller hjælp til "
                                 "transport. Kun arrangøren ser det, og først hvis du siger ja "
                                 "til en plads."))
    contact = StringField(
        _l("Telefonnummer eller e-mail"), filters=[strip],
        description=_l("Arrangøren bruger det kun til denne fokusgruppe og ser det først, når "
                       "du har sagt ja til en plads."),
        validators=[DataRequired(message=_l("Skriv dit telefonnummer eller din e-mailadresse.")),
                    Length(max=254, message=_l("Skriv et telefonnummer med 8 cifre eller en "
                                               "e-mailadresse.")), _valid_contact])
    consent = BooleanField(
        _l("Ja, arrangøren må få mit telefonnummer eller min e-mail, hvis jeg bliver udtrukket "
           "og siger ja."),
        validators=[DataRequired(message=_l("Sæt kryds for at melde dig."))])


def _proposal_ids(form, field) -> None:
    if field.data and not re.fullmatch(r"[0-9 ,]*", field.data):
        raise ValidationError(_l("Skriv forslagenes numre adskilt af komma, for eksempel 12, 15."))


class SummaryForm(Form):
    summary = _text(_l("Opsamling af temaerne"), required=_l("Skriv opsamlingen af temaerne."),
                    max_length=20000,
                    description=_l("Skriv de vigtigste temaer fra mødet uden navne. Skriv en tom "
                                   "linje mellem afsnit. Begynd en linje med en bindestreg for at "
                                   "lave en punktliste."))
    proposal_ids = StringField(
        _l("Forslag, opsamlingen hænger sammen med (valgfrit)"), filters=[strip],
        validators=[Optional(), text_max(200), _proposal_ids],
        description=_l("Forslagenes numre adskilt af komma, for eksempel 12, 15. Du finder "
                       "nummeret i forslagets adresse."))

    def ids(self) -> list[int]:
        return [int(part) for part in re.split(r"[ ,]+", self.proposal_ids.data or "") if part]
