"""Form pieces shared by every feature."""

from __future__ import annotations

import re
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import ValidationError


class EmptyForm(FlaskForm):
    """A button-only POST: carries the CSRF token and nothing else."""


SUBMISSION_KEY_RE = re.compile(r"[0-9a-f]{32}")


def new_submission_key() -> str:
    return secrets.token_hex(16)


def _key_or_new(value: object) -> str:
    return value if isinstance(value, str) and SUBMISSION_KEY_RE.fullmatch(value) else (
        new_submission_key())


class SubmissionKey(HiddenField):
    """A random key made when the form is first shown and sent back with it, so the same
    form sent twice saves one post, proposal or comment (a unique constraint per author
    holds it). A missing or malformed key just gets a fresh one."""

    def process_data(self, value: object) -> None:
        self.data = _key_or_new(value)

    def process_formdata(self, valuelist: list[str]) -> None:
        if valuelist:
            self.data = _key_or_new(valuelist[0])


class StripWhitespace:
    """Filter: trim text input so ' Mette ' and 'Mette' are the same."""

    def __call__(self, value):  # noqa: ANN001
        return value.strip() if isinstance(value, str) else value


strip = StripWhitespace()


class NoControlCharacters:
    def __init__(self, message=None) -> None:  # noqa: ANN001
        self.message = message or _l("Feltet indeholder tegn, der ikke kan bruges.")

    def __call__(self, form, field) -> None:  # noqa: ANN001
        value = field.data or ""
        if any(ord(ch) < 32 and ch not in "\r\n\t" for ch in value):
            raise ValidationError(self.message)


def apply_domain_error(form: FlaskForm, error) -> bool:  # noqa: ANN001
    """Put a service's DomainError on the form field it names; return True if it was placed."""
    field = getattr(form, error.field, None) if error.field and form is not None else None
    if field is None:
        return False
    field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [
        error.message]
    return True
