"""Form pieces shared by every feature."""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length

from app.core.control_chars import MESSAGE, REMOVED, unusable, without_unusable


class Form(FlaskForm):
    """The base of every form. A text field holding a control character (NUL and its kind;
    app/core/control_chars.py) is refused with one clear error. The characters are taken out
    first, so no validator, service or database ever sees them, and the view shows the form
    again with what was typed, less those characters. WTForms checks every field as usual.

    Each form made during a request is noted, so the page can tell that it shows errors: its
    title then begins "Fejl:" (`page_has_form_errors`, in base.html)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if has_request_context():
            g.setdefault("forms_made", []).append(self)
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


def page_has_form_errors() -> bool:
    """Whether a form made for this request holds an error now (when the page is rendered:
    a service's error placed on a field counts too)."""
    return has_request_context() and any(form.errors for form in g.get("forms_made", ()))


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


# --- messages that say what to do (GOV.UK style), shared by the features' forms ------------------
# Each required field names its own message ("Skriv en overskrift."); a length limit says the
# limit and how much was typed. tests/core/test_form_messages.py fails on a form field that
# falls back on a generic message.

def text_max(limit: int) -> Length:
    """A text's upper limit, said in plain words with the count typed."""
    return Length(max=limit, message=_l("Teksten må højst være %(max)d tegn. Du har skrevet "
                                        "%(length)d."))


def title_validators(min_length: int, max_length: int) -> list:
    return [DataRequired(message=_l("Skriv en overskrift.")),
            Length(min=min_length, message=_l("Overskriften skal være mindst %(min)d tegn.")),
            Length(max=max_length, message=_l("Overskriften må højst være %(max)d tegn. Du har "
                                              "skrevet %(length)d."))]


def pseudonym_max(limit: int = 40) -> Length:
    """No pseudonym is longer than 40 characters, so a longer one names nobody."""
    return Length(max=limit, message=_l("Der findes ingen med det pseudonym."))


# --- dates and times as the browser shows them -------------------------------------------------
# A Danish browser shows <input type="date"> as dd.mm.åååå and type="time" as tt:mm, and sends
# 2026-12-24 and 13:30. Without a date picker people type what the hint shows, so both are read.

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%y"]
TIME_FORMATS = ["%H:%M", "%H.%M"]
DATE_HINT = _l("Skriv datoen som dag, måned og år, for eksempel 24.12.2026.")
DATE_INVALID = _l("Skriv en dato, der findes, som dag, måned og år, for eksempel 24.12.2026.")


def parse_date(text: str | None) -> date | None:
    """A date typed as the hint says or as the browser sends it; None if it is not one."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime((text or "").strip(), pattern).date()
        except ValueError:
            continue
    return None


def date_field(label, required_message, description=None) -> DateField:
    return DateField(label, format=list(DATE_FORMATS), invalid_value_message=DATE_INVALID,
                     description=description or DATE_HINT,
                     validators=[InputRequired(message=required_message)])


def time_field(label, required_message, description) -> TimeField:
    return TimeField(label, format=list(TIME_FORMATS),
                     invalid_value_message=_l("Skriv klokkeslættet som timer og minutter, for "
                                              "eksempel 13:30."),
                     description=description,
                     validators=[InputRequired(message=required_message)])
