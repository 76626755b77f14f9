from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired

from app.core.forms import Form

LANGUAGES = ("da", "en")


class LanguageForm(Form):
    locale = StringField(_l("Sprog"), validators=[DataRequired(), AnyOf(LANGUAGES)])
    next = HiddenField()
