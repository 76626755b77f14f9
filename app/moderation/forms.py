from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.core.forms import Form, strip
from app.moderation.models import REASON_LABELS, ReportReason

_required = _l("Udfyld feltet.")


class ReportForm(Form):
    reason = RadioField(_l("Hvad er galt?"),
                        choices=[SelectChoice(r.value, REASON_LABELS[r]) for r in ReportReason],
                        validators=[InputRequired(message=_l("Vælg en grund."))],
                        invalid_choice_message=_l("Vælg en grund."))
    text = TextAreaField(_l("Fortæl mere (frivilligt, men skal udfyldes ved »Andet«)"),
                         filters=[strip],
                         validators=[Optional(), Length(max=1000)])


class ReasonForm(Form):
    reason = StringField(_l("Begrundelse"), filters=[strip],
                         validators=[Optional(), Length(max=500)],
                         description=_l("Vises for medlemmerne og forfatteren."))


class SuspendForm(Form):
    pseudonym = StringField(_l("Medlemmets pseudonym"), filters=[strip],
                            validators=[DataRequired(message=_required), Length(max=40)])
    until = DateField(_l("Udelukket til og med"),
                      invalid_value_message=_l("Skriv en dato som år-måned-dag."),
                      validators=[InputRequired(message=_l("Skriv en dato som år-måned-dag."))])
    reason = StringField(_l("Begrundelse"), filters=[strip],
                         validators=[DataRequired(message=_required), Length(max=500)])


class WarnForm(Form):
    pseudonym = StringField(_l("Medlemmets pseudonym"), filters=[strip],
                            validators=[DataRequired(message=_required), Length(max=40)])
    text = TextAreaField(_l("Advarsel"), filters=[strip],
                         validators=[DataRequired(message=_required), Length(max=1000)])


class AppealForm(Form):
    text = TextAreaField(_l("Hvorfor skal det vises igen?"), filters=[strip],
                         validators=[DataRequired(message=_required), Length(max=2000)],
                         description=_l("En anden moderator end den, der skjulte det, "
                                        "afgør din klage. Du kan klage én gang."))
