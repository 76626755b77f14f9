from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired

from app.core.forms import Form

LANGUAGES = ("da", "en")


class LanguageForm(Form):
    locale = StringField(_l("Sprog"), validators=[
        DataRequired(message=_l("Vælg et sprog.")),
        AnyOf(LANGUAGES, message=_l("Vælg dansk eller engelsk."))])
    next = HiddenField()
