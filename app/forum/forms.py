from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.core.forms import Form, SubmissionKey, strip
from app.core.guard import GuardFields

BODY_MAX = 10_000
TITLE_MAX = 150

_required = _l("Udfyld feltet.")


def body_field(label=None) -> TextAreaField:
    return TextAreaField(
        label or _l("Dit indlæg"), filters=[strip],
        validators=[DataRequired(message=_l("Skriv noget, før du sender.")),
                    Length(max=BODY_MAX, message=_l("Indlægget må højst være %(max)d tegn.",
                                                    max=BODY_MAX))],
        description=_l("Du kan bruge **fed**, *kursiv*, lister og > citater. Skriv ikke dit "
                       "CPR-nummer, telefonnummer eller andres navne."))


class ThreadForm(GuardFields, Form):
    title = StringField(
        _l("Overskrift"), filters=[strip],
        validators=[DataRequired(message=_required),
                    Length(min=5, max=TITLE_MAX, message=_l(
                        "Overskriften skal være mellem %(min)d og %(max)d tegn.", min=5,
                        max=TITLE_MAX))])
    body = body_field()
    preview = SubmitField(_l("Se hvordan det ser ud"))
    submit = SubmitField(_l("Opret tråd"))
    submission_key = SubmissionKey()


class PostForm(GuardFields, Form):
    body = body_field(_l("Dit svar"))
    preview = SubmitField(_l("Se hvordan det ser ud"))
    submit = SubmitField(_l("Send svar"))
    submission_key = SubmissionKey()


class EditPostForm(GuardFields, Form):
    body = body_field(_l("Dit indlæg"))
    preview = SubmitField(_l("Se hvordan det ser ud"))
    submit = SubmitField(_l("Gem ændringer"))
