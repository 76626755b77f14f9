from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Optional

from app.core.forms import Form, date_field, pseudonym_max, strip, text_max
from app.moderation.models import REASON_LABELS, ReportReason


def _member_field() -> StringField:
    return StringField(_l("Medlemmets pseudonym"), filters=[strip],
                       validators=[DataRequired(message=_l("Skriv medlemmets pseudonym.")),
                                   pseudonym_max()])


class ReportForm(Form):
    reason = RadioField(_l("Hvad er galt?"),
                        choices=[SelectChoice(r.value, REASON_LABELS[r]) for r in ReportReason],
                        validators=[InputRequired(message=_l("Vælg en grund."))],
                        invalid_choice_message=_l("Vælg en grund."))
    text = TextAreaField(_l("Fortæl mere (frivilligt, men skal udfyldes ved »Andet«)"),
                         filters=[strip],
                         validators=[Optional(), text_max(1000)])


class ReasonForm(Form):
    reason = StringField(_l("Begrundelse"), filters=[strip],
                         validators=[Optional(), text_max(500)],
                         description=_l("Vises for medlemmerne og forfatteren."))


class SuspendForm(Form):
    pseudonym = _member_field()
    until = date_field(_l("Udelukket til og med"), _l("Skriv, hvilken dag udelukkelsen slutter."))
    reason = StringField(_l("Begrundelse"), filters=[strip],
                         validators=[DataRequired(message=_l("Skriv en begrundelse.")),
                                     text_max(500)])


class WarnForm(Form):
    pseudonym = _member_field()
    text = TextAreaField(_l("Advarsel"), filters=[strip],
                         validators=[DataRequired(message=_l("Skriv advarslen.")),
                                     text_max(1000)])


class AppealForm(Form):
    text = TextAreaField(_l("Hvorfor skal det vises igen?"), filters=[strip],
                         validators=[DataRequired(message=_l("Skriv, hvorfor det skal vises igen.")),
                                     text_max(2000)],
                         description=_l("En anden moderator end den, der skjulte det, "
                                        "afgør din klage. Du kan klage én gang."))
