from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired

LANGUAGES = ("da", "en")


class LanguageForm(FlaskForm):
    locale = StringField(_l("Sprog"), validators=[DataRequired(), AnyOf(LANGUAGES)])
    next = HiddenField()
