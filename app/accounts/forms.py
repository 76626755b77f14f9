"""One form per use case; validators check shape only, services enforce the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Regexp

from app.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from app.core.forms import Form, strip

PSEUDONYM_PATTERN = r"^[\wÆØÅæøå][\wÆØÅæøå .\-]*[\wÆØÅæøå]$"

_required = _l("Udfyld feltet.")
_wrong_login = _l("E-mail, pseudonym eller adgangskode er forkert.")


def pseudonym_field(label=None) -> StringField:
    return StringField(
        label or _l("Pseudonym"),
        filters=[strip],
        validators=[
            DataRequired(message=_required),
            Length(min=3, max=40, message=_l("Dit pseudonym skal være mellem 3 og 40 tegn.")),
            Regexp(PSEUDONYM_PATTERN, message=_l(
                "Brug kun bogstaver, tal, mellemrum, punktum, bindestreg og understreg.")),
        ],
        description=_l("Det navn, andre ser. Brug ikke dit rigtige navn."),
    )


def email_field(label=None) -> EmailField:
    return EmailField(
        label or _l("E-mail"),
        filters=[strip],
        validators=[
            DataRequired(message=_required),
            Length(max=254, message=_l("E-mailadressen er for lang.")),
            Email(message=_l("Skriv en gyldig e-mailadresse, for eksempel navn@eksempel.dk."),
                  check_deliverability=False),
        ],
    )


def new_password_field(label=None) -> PasswordField:
    return PasswordField(
        label or _l("Adgangskode"),
        validators=[InputRequired(message=_required),
                    Length(max=MAX_LENGTH, message=_l("Adgangskoden er for lang."))],
        description=_l("Mindst %(n)d tegn. Flere tilfældige ord er lette at huske og svære at gætte.",
                        n=MIN_LENGTH),
    )


def confirm_field(target: str) -> PasswordField:
    return PasswordField(
        _l("Gentag adgangskoden"),
        validators=[InputRequired(message=_required),
                    EqualTo(target, message=_l("De to adgangskoder er ikke ens."))],
    )


def current_password_field() -> PasswordField:
    return PasswordField(_l("Din nuværende adgangskode"),
                         validators=[InputRequired(message=_required),
                                     Length(max=MAX_LENGTH,
                                            message=_l("Adgangskoden er forkert."))])


class RegisterForm(Form):
    pseudonym = pseudonym_field()
    email = email_field()
    password = new_password_field()
    password_confirm = confirm_field("password")
    accept_terms = BooleanField(
        _l("Jeg har læst og accepterer vilkårene og retningslinjerne"),
        validators=[DataRequired(message=_l("Du skal acceptere vilkårene for at oprette en "
                                            "profil."))])


class LoginForm(Form):
    login = StringField(_l("E-mail eller pseudonym"), filters=[strip],
                        validators=[DataRequired(message=_required),
                                    Length(max=254, message=_wrong_login)])
    password = PasswordField(_l("Adgangskode"),
                             validators=[InputRequired(message=_required),
                                         Length(max=MAX_LENGTH, message=_wrong_login)])
    remember = BooleanField(_l("Husk mig på denne enhed i 30 dage"))
    next = HiddenField()


class TwoFactorForm(Form):
    code = StringField(
        _l("Kode"), filters=[strip],
        validators=[DataRequired(message=_required),
                    Length(min=6, max=20, message=_l("Skriv de 6 cifre fra appen eller en af "
                                                     "dine reservekoder."))],
        description=_l("Skriv de 6 cifre fra din godkenderapp, eller en af dine reservekoder."))
    next = HiddenField()


class EnableTwoFactorForm(Form):
    code = StringField(
        _l("Kode fra appen"), filters=[strip],
        validators=[DataRequired(message=_required),
                    Regexp(r"^\d{6}$", message=_l("Koden skal være 6 cifre."))],
        description=_l("Skriv de 6 cifre, som appen viser lige nu."))
    next = HiddenField()


class PasswordConfirmForm(Form):
    password = current_password_field()


class ForgotPasswordForm(Form):
    email = email_field()


class ResetPasswordForm(Form):
    password = new_password_field(_l("Ny adgangskode"))
    password_confirm = confirm_field("password")


class ChangePasswordForm(Form):
    current_password = current_password_field()
    password = new_password_field(_l("Ny adgangskode"))
    password_confirm = confirm_field("password")


class ChangeEmailForm(Form):
    email = email_field(_l("Ny e-mail"))
    current_password = current_password_field()


class ChangePseudonymForm(Form):
    pseudonym = pseudonym_field(_l("Nyt pseudonym"))
