"""Every field of every form says what to do in its own words (GOV.UK / borger.dk style): no
field falls back on a generic WTForms message ("This field is required.", "Not a valid integer
value.") or on a generic one of ours ("Udfyld feltet."). Checked twice: each form class's
validators and field settings, and each form filled in empty, too long and with nonsense."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import wtforms
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict
from wtforms import fields, validators

from app.core.forms import Form
from app.core.security import LANGUAGE_ARG
from tests.conftest import post_form

# Our own generic words: a field that only says "fill in the field" does not say what to write.
OWN_GENERIC = ("Udfyld feltet.", "Fill in the field.")
WITH_MESSAGE = (validators.DataRequired, validators.InputRequired, validators.Length,
                validators.NumberRange, validators.Email, validators.Regexp, validators.EqualTo,
                validators.AnyOf, validators.NoneOf, validators.URL)
NUMBERS_AND_DATES = (fields.IntegerField, fields.DecimalField, fields.FloatField,
                     fields.DateField, fields.TimeField, fields.DateTimeLocalField,
                     fields.MonthField)
CHOICES = (fields.SelectField, fields.RadioField, fields.SelectMultipleField)


def _generic_messages() -> list[str]:
    """WTForms' own messages (its catalogue's msgids), each up to its first placeholder."""
    catalogue = Path(wtforms.__file__).parent / "locale" / "wtforms.pot"
    ids = re.findall(r'^msgid "(.+)"$', catalogue.read_text(encoding="utf-8"), re.M)
    return [text.split("%(")[0].strip() for text in ids if text.split("%(")[0].strip()]


GENERIC = _generic_messages()


def _all_forms() -> list[type[Form]]:
    found, todo = [], [Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return sorted({cls for cls in found if cls.__module__.startswith("app.")},
                  key=lambda cls: f"{cls.__module__}.{cls.__name__}")


@pytest.fixture
def forms(app):
    with app.test_request_context("/"):
        classes = _all_forms()
    assert len(classes) > 40  # every feature's forms are imported by create_app
    return classes


def _is_generic(message: str) -> bool:
    text = str(message)
    return text in OWN_GENERIC or any(text.startswith(generic) for generic in GENERIC)


def _problems(form) -> list[str]:
    problems = []
    for field in form:
        if field.type in ("CSRFTokenField", "HiddenField", "SubmitField", "SubmissionKey"):
            continue
        name = f"{type(form).__name__}.{field.name}"
        for validator in field.validators:
            if isinstance(validator, WITH_MESSAGE) and (
                    validator.message is None or str(validator.message) in OWN_GENERIC):
                problems.append(f"{name}: {type(validator).__name__} has no message of its own")
        own_parsing = any("process_formdata" in klass.__dict__ for klass in type(field).__mro__
                          if not klass.__module__.startswith("wtforms"))
        if isinstance(field, NUMBERS_AND_DATES) and not own_parsing and (
                field.invalid_value_message is None):
            problems.append(f"{name}: no invalid_value_message")
        if isinstance(field, CHOICES) and not own_parsing:
            if getattr(field, "validate_choice", True) and field.invalid_choice_message is None:
                problems.append(f"{name}: no invalid_choice_message")
            if field.coerce is not str and field.invalid_value_message is None:
                problems.append(f"{name}: no invalid_value_message")
    return problems


def test_every_field_has_messages_of_its_own(app, forms):
    with app.test_request_context("/"):
        problems = [problem for cls in forms for problem in _problems(cls(meta={"csrf": False}))]
    assert problems == []


def _nonsense(form) -> MultiDict:
    """Too long text in every text field, words where numbers, dates and choices go."""
    data = MultiDict()
    for field in form:
        if isinstance(field, fields.BooleanField) or field.type in (
                "CSRFTokenField", "SubmitField"):
            continue
        data.add(field.name, "x" * 30_000 if isinstance(field, fields.StringField) and not (
            isinstance(field, NUMBERS_AND_DATES)) else "ikke et tal")
    return data


@pytest.mark.parametrize("locale", ["da", "en"])
def test_no_form_answers_with_a_generic_message(app, forms, locale):
    messages = {}
    with app.test_request_context("/", method="POST"), force_locale(locale):
        for cls in forms:
            for data in (MultiDict(), _nonsense(cls(meta={"csrf": False}))):
                form = cls(formdata=data, meta={"csrf": False})
                for field in form:  # the choices a view fills in: none here
                    if isinstance(field, CHOICES) and field.choices is None:
                        field.choices = []
                form.validate()
                for name, errors in form.errors.items():
                    for message in errors:
                        messages[f"{cls.__name__}.{name}: {data and 'nonsense' or 'empty'}"] = (
                            str(message))
    assert messages  # the forms were really refused
    assert {where: message for where, message in messages.items() if _is_generic(message)} == {}


def test_the_check_finds_a_generic_message(app):
    """The check itself: a field with WTForms' defaults is caught both ways."""

    class Careless(Form):
        name = fields.StringField("Navn", validators=[validators.DataRequired(),
                                                      validators.Length(max=3)])
        number = fields.IntegerField("Tal")

    with app.test_request_context("/", method="POST"):
        form = Careless(meta={"csrf": False})
        assert len(_problems(form)) == 3
        form = Careless(formdata=MultiDict({"number": "x"}), meta={"csrf": False})
        form.validate()
        assert _is_generic(form.errors["name"][0]) and _is_generic(form.errors["number"][0])


# --- "Fejl:" first in the title -----------------------------------------------------------------

def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.get_data(as_text=True), re.S).group(1)


@pytest.mark.parametrize(("url", "data", "message"), [
    ("/konto/log-ind", {"login": "", "password": ""}, "Skriv din e-mail eller dit pseudonym."),
    ("/konto/opret", {"pseudonym": "", "email": "mette@example.org"}, "Skriv et pseudonym."),
    ("/konto/glemt-adgangskode", {"email": "ikke en adresse"}, "Skriv en gyldig e-mailadresse"),
])
def test_a_page_showing_form_errors_says_so_first_in_its_title(client, url, data, message):
    assert not _title(client.get(url)).startswith("Fejl")
    response = post_form(client, url, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert _title(response).startswith("Fejl: ")
    english = post_form(client, f"{url}?{LANGUAGE_ARG}=en", data)
    assert _title(english).startswith("Error: ")
