from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.core.forms import Form, SubmissionKey, strip, title_validators
from app.core.guard import GuardFields

BODY_MAX = 10_000
TITLE_MAX = 150
TITLE_MIN = 5

# Markdown still works for those who know it; the hint says what most people need in words.
BODY_HINT = _l("Skriv en tom linje mellem afsnit. Skriv ikke dit CPR-nummer, telefonnummer "
               "eller andres navne.")


def body_field(label, required) -> TextAreaField:
    return TextAreaField(
        label, filters=[strip],
        validators=[DataRequired(message=required),
                    Length(max=BODY_MAX, message=_l("Indlægget må højst være %(max)d tegn. Du "
                                                    "har skrevet %(length)d."))],
        description=BODY_HINT)


class ThreadForm(GuardFields, Form):
    title = StringField(_l("Overskrift"), filters=[strip],
                        validators=title_validators(TITLE_MIN, TITLE_MAX))
    body = body_field(_l("Dit indlæg"), _l("Skriv dit indlæg."))
    preview = SubmitField(_l("Se hvordan det ser ud"))
    submit = SubmitField(_l("Opret tråd"))
    submission_key = SubmissionKey()


class PostForm(GuardFields, Form):
    body = body_field(_l("Dit svar"), _l("Skriv dit svar."))
    preview = SubmitField(_l("Se hvordan det ser ud"))
    submit = SubmitField(_l("Send svar"))
    submission_key = SubmissionKey()


class EditPostForm(GuardFields, Form):
    body = body_field(_l("Dit indlæg"), _l("Skriv dit indlæg."))
    preview = SubmitField(_l("Se hvordan det ser ud"))
    submit = SubmitField(_l("Gem ændringer"))
