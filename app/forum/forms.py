from __future__ import annotations

import re
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.core.forms import NoControlCharacters, strip
from app.core.guard import GuardFields

BODY_MAX = 10_000
TITLE_MAX = 150

_required = _l("Udfyld feltet.")


def body_field(label=None) -> TextAreaField:  # noqa: ANN001
    return TextAreaField(
        label or _l("Dit indlæg"), filters=[strip],
        validators=[DataRequired(message=_l("Skriv noget, før du sender.")),
                    Length(max=BODY_MAX, message=_l("Indlægget må højst være %(max)d tegn.",
                                                    max=BODY_MAX)),
                    NoControlCharacters()],
        description=_l("Du kan bruge **fed**, *kursiv*, lister og > citater. Skriv ikke dit "
                       "CPR-nummer, telefonnummer eller andres navne."))


SUBMISSION_KEY_RE = re.compile(r"[0-9a-f]{32}")


def _key_or_new(value: object) -> str:
    return value if isinstance(value, str) and SUBMISSION_KEY_RE.fullmatch(value) else (
        secrets.token_hex(16))


class SubmissionKey(HiddenField):
    """A random key made when the form is first shown and sent back with it, so the same
    form sent twice saves one post. A missing or malformed key just gets a fresh one."""

    def process_data(self, value: object) -> None:
        self.data = _key_or_new(value)

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            self.data = _key_or_new(valuelist[0])


class ThreadForm(GuardFields, FlaskForm):
    title = StringField(
        _l("Overskrift"), filters=[strip],
        validators=[DataRequired(message=_required),
                    Length(min=5, max=TITLE_MAX, message=_l(
                        "Overskriften skal være mellem %(min)d og %(max)d tegn.", min=5,
                        max=TITLE_MAX)),
                    NoControlCharacters()])
    body = body_field()
    preview = SubmitField(_l("Se hvordan det ser ud"))
    submit = SubmitField(_l("Opret tråd"))
    submission_key = SubmissionKey()


class PostForm(GuardFields, FlaskForm):
    body = body_field(_l("Dit svar"))
    preview = SubmitField(_l("Se hvordan det ser ud"))
    submit = SubmitField(_l("Send svar"))
    submission_key = SubmissionKey()


class EditPostForm(GuardFields, FlaskForm):
    body = body_field(_l("Dit indlæg"))
    preview = SubmitField(_l("Se hvordan det ser ud"))
    submit = SubmitField(_l("Gem ændringer"))
