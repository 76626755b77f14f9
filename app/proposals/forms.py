from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.core.forms import Form, SubmissionKey, strip
from app.core.guard import GuardFields
from app.proposals.models import SUMMARY_MAX, VOTE_LABELS, VoteValue

TEXT_MAX = 5000
_required = _l("Udfyld feltet.")


def _text(label, description, max_length=TEXT_MAX) -> TextAreaField:
    return TextAreaField(label, filters=[strip], description=description,
                         validators=[DataRequired(message=_required),
                                     Length(max=max_length, message=_l(
                                         "Teksten må højst være %(max)d tegn.", max=max_length))])


class ProposalForm(GuardFields, Form):
    title = StringField(_l("Overskrift"), filters=[strip],
                        validators=[DataRequired(message=_required),
                                    Length(min=5, max=150, message=_l(
                                        "Overskriften skal være mellem %(min)d og %(max)d tegn.",
                                        min=5, max=150))])
    summary = _text(_l("Kort fortalt"),
                    _l("Hele forslaget i et par linjer. Højst %(max)d tegn.", max=SUMMARY_MAX),
                    SUMMARY_MAX)
    problem = _text(_l("Hvad er problemet?"), _l("Fortæl, hvad der sker i dag, og hvem det rammer."))
    action = _text(_l("Hvad skal jobcentret gøre?"), _l("Skriv så konkret som muligt."))
    impact = _text(_l("Hvad vil det ændre for os?"),
                   _l("Fortæl, hvad der bliver bedre for borgerne, hvis forslaget bliver til noget."))
    message = StringField(_l("Hvad har du ændret?"), filters=[strip],
                          validators=[Optional(), Length(max=200)],
                          description=_l("En kort besked til de andre forfattere. Frivilligt."))
    check = SubmitField(_l("Tjek hvor let teksten er at læse"))
    submit = SubmitField(_l("Gem"))


class NewProposalForm(ProposalForm):
    submission_key = SubmissionKey()


class InviteForm(Form):
    pseudonym = StringField(_l("Pseudonym på den, du vil invitere"), filters=[strip],
                            validators=[DataRequired(message=_required), Length(max=40)])


class OpenVotingForm(Form):
    days = IntegerField(_l("Hvor mange dage skal afstemningen vare?"), default=14,
                        invalid_value_message=_l("Skriv antallet af dage som et tal, for eksempel 14."),
                        validators=[InputRequired(message=_required),
                                    NumberRange(min=1, max=60, message=_l(
                                        "Vælg mellem %(min)s og %(max)s dage."))])


class VoteForm(Form):
    value = RadioField(_l("Din stemme"),
                       choices=[SelectChoice(v.value, VOTE_LABELS[v]) for v in VoteValue],
                       invalid_choice_message=_l("Vælg for, imod eller hverken for eller imod."),
                       validators=[InputRequired(message=_l("Vælg for, imod eller hverken for "
                                                            "eller imod."))])


class CommentForm(GuardFields, Form):
    body = _text(_l("Din kommentar"), _l("Vær venlig og konkret."))
    is_suggestion = BooleanField(_l("Det er et forslag til en ændring af teksten"))
    submission_key = SubmissionKey()
