from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from app.core.forms import Form, SubmissionKey, pseudonym_max, strip, text_max, title_validators
from app.core.guard import GuardFields
from app.proposals.models import SUMMARY_MAX, VOTE_LABELS, VoteValue

TEXT_MAX = 5000


def _text(label, description, required, max_length=TEXT_MAX) -> TextAreaField:
    return TextAreaField(label, filters=[strip], description=description,
                         validators=[DataRequired(message=required), text_max(max_length)])


class ProposalForm(GuardFields, Form):
    title = StringField(_l("Overskrift"), filters=[strip], validators=title_validators(5, 150))
    summary = _text(_l("Kort fortalt"),
                    _l("Hele forslaget i et par linjer. Højst %(max)d tegn.", max=SUMMARY_MAX),
                    _l("Skriv forslaget kort fortalt."), SUMMARY_MAX)
    problem = _text(_l("Hvad er problemet?"), _l("Fortæl, hvad der sker i dag, og hvem det rammer."),
                    _l("Skriv, hvad problemet er."))
    action = _text(_l("Hvad skal jobcentret gøre?"), _l("Skriv så konkret som muligt."),
                   _l("Skriv, hvad jobcentret skal gøre."))
    impact = _text(_l("Hvad vil det ændre for os?"),
                   _l("Fortæl, hvad der bliver bedre for borgerne, hvis forslaget bliver til noget."),
                   _l("Skriv, hvad forslaget vil ændre for jer."))
    message = StringField(_l("Hvad har du ændret?"), filters=[strip],
                          validators=[Optional(), text_max(200)],
                          description=_l("En kort besked til de andre forfattere. Frivilligt."))
    check = SubmitField(_l("Tjek hvor let teksten er at læse"))
    submit = SubmitField(_l("Gem"))


class NewProposalForm(ProposalForm):
    submission_key = SubmissionKey()


class InviteForm(Form):
    pseudonym = StringField(_l("Pseudonym på den, du vil invitere"), filters=[strip],
                            validators=[DataRequired(message=_l(
                                "Skriv pseudonymet på den, du vil invitere.")), pseudonym_max()])


class OpenVotingForm(Form):
    days = IntegerField(_l("Hvor mange dage skal afstemningen vare?"), default=14,
                        invalid_value_message=_l("Skriv antallet af dage som et tal, for eksempel 14."),
                        validators=[InputRequired(message=_l(
                                        "Skriv, hvor mange dage afstemningen skal vare.")),
                                    NumberRange(min=1, max=60, message=_l(
                                        "Vælg mellem %(min)s og %(max)s dage."))])


class VoteForm(Form):
    value = RadioField(_l("Din stemme"),
                       choices=[SelectChoice(v.value, VOTE_LABELS[v]) for v in VoteValue],
                       invalid_choice_message=_l("Vælg for, imod eller hverken for eller imod."),
                       validators=[InputRequired(message=_l("Vælg for, imod eller hverken for "
                                                            "eller imod."))])


class CommentForm(GuardFields, Form):
    body = _text(_l("Din kommentar"), _l("Vær venlig og konkret."), _l("Skriv din kommentar."))
    is_suggestion = BooleanField(_l("Det er et forslag til en ændring af teksten"))
    submission_key = SubmissionKey()
