"""Form pieces shared by every feature."""

from __future__ import annotations

import re
import secrets

from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

from app.core.control_chars import MESSAGE, REMOVED, unusable, without_unusable


class Form(FlaskForm):
    """The base of every form. A text field holding a control character (NUL and its kind;
    app/core/control_chars.py) is refused with one clear error. The characters are taken out
    first, so no validator, service or database ever sees them, and the view shows the form
    again with what was typed, less those characters. WTForms checks every field as usual."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The CSRF token's hidden input goes without an id: a page of several forms would
        # otherwise repeat id="csrf_token" (invalid HTML). Absent when CSRF is switched off.
        token = getattr(self, "csrf_token", None)
        if token is not None:
            token.render_kw = {"id": False}

    def validate(self, extra_validators=None) -> bool:
        refused = [field for field in self if isinstance(field, StringField)
                   and any(unusable(value) for value in field.raw_data or ())]
        for field in refused:  # what the form shows again, and all its checks ever see
            field.raw_data = [without_unusable(value) for value in field.raw_data]
            field.data = without_unusable(field.data or "")
        valid = super().validate(extra_validators)
        for field in refused:
            field.errors = [f"{MESSAGE} {REMOVED}"]
        return valid and not refused


class EmptyForm(Form):
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

    def __call__(self, value):
        return value.strip() if isinstance(value, str) else value


strip = StripWhitespace()


def apply_domain_error(form: FlaskForm, error) -> bool:
    """Put a service's DomainError on the form field it names; return True if it was placed."""
    field = getattr(form, error.field, None) if error.field and form is not None else None
    if field is None:
        return False
    field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [
        error.message]
    return True
