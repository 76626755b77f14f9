"""Forms for export and deletion: both ask for the password again."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from app.accounts.forms import current_password_field
from app.core.forms import Form


class ExportForm(Form):
    password = current_password_field()


class DeleteProfileForm(Form):
    erase_text = BooleanField(_l("Slet også teksten i mine indlæg og kommentarer"))
    password = current_password_field()
