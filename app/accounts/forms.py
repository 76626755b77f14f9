"""One form per use case; validators check shape only, services enforce the rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Regexp

from app.accounts.passwords import MAX_LENGTH, MIN_LENGTH
from app.core.forms import Form, strip

PSEUDONYM_PATTERN = r"^[\wÆØÅæøå][\wÆØÅæøå .\-]*[\wÆØÅæøå]$"

_wrong_login = _l("E-mail, pseudonym eller adgangskode er forkert.")


def pseudonym_field(label=None, required=None) -> StringField:
    return StringField(
        label or _l("Pseudonym"),
        filters=[strip],
        validators=[
            DataRequired(message=required or _l("Skriv et pseudonym.")),
            Length(min=3, max=40, message=_l("Dit pseudonym skal være mellem 3 og 40 tegn.")),
            Regexp(PSEUDONYM_PATTERN, message=_l(
                "Brug kun bogstaver, tal, mellemrum, punktum, bindestreg og understreg.")),
        ],
        description=_l("Det navn, andre ser. Brug ikke dit rigtige navn."),
    )


def email_field(label=None, required=None) -> EmailField:
    return EmailField(
        label or _l("E-mail"),
        filters=[strip],
        validators=[
            DataRequired(message=required or _l("Skriv din e-mailadresse.")),
            Length(max=254, message=_l("E-mailadressen må højst være %(max)d tegn.")),
            Email(message=_l("Skriv en gyldig e-mailadresse, for eksempel navn@eksempel.dk."),
                  check_deliverability=False),
        ],
    )


def new_password_field(label=None, required=None) -> PasswordField:
    return PasswordField(
        label or _l("Adgangskode"),
        validators=[InputRequired(message=required or _l("Skriv en adgangskode.")),
                    Length(max=MAX_LENGTH, message=_l("Adgangskoden må højst være %(max)d tegn."))],
        description=_l("Mindst %(n)d tegn. Flere tilfældige ord er lette at huske og svære at gætte.",
                        n=MIN_LENGTH),
    )


def confirm_field(target: str) -> PasswordField:
    return PasswordField(
        _l("Gentag adgangskoden"),
        validators=[InputRequired(message=_l("Skriv adgangskoden igen.")),
                    EqualTo(target, message=_l("De to adgangskoder er ikke ens."))],
    )


def current_password_field() -> PasswordField:
    return PasswordField(_l("Din nuværende adgangskode"),
                         validators=[InputRequired(message=_l("Skriv din nuværende adgangskode.")),
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
                        validators=[DataRequired(message=_l("Skriv din e-mail eller dit "
                                                            "pseudonym.")),
                                    Length(max=254, message=_wrong_login)])
    password = PasswordField(_l("Adgangskode"),
                             validators=[InputRequired(message=_l("Skriv din adgangskode.")),
                                         Length(max=MAX_LENGTH, message=_wrong_login)])
    remember = BooleanField(_l("Husk mig på denne enhed i 30 dage"))
    next = HiddenField()


# The code fields: a phone shows the number pad and offers the code the app or SMS just gave.
CODE_ATTRIBUTES = {"inputmode": "numeric", "autocomplete": "one-time-code",
                   "spellcheck": "false", "autocapitalize": "off", "autocorrect": "off"}


class TwoFactorForm(Form):
    code = StringField(
        _l("Kode"), filters=[strip], render_kw=CODE_ATTRIBUTES,
        validators=[DataRequired(message=_l("Skriv koden fra din godkenderapp.")),
                    Length(min=6, max=20, message=_l("Skriv de 6 cifre fra appen eller en af "
                                                     "dine reservekoder."))],
        description=_l("Skriv de 6 cifre, som appen viser lige nu."))
    next = HiddenField()

    def ask_for_recovery_code(self) -> None:
        """The same field for a recovery code (letters and digits, with the full keyboard)."""
        self.code.label.text = _l("Reservekode")
        self.code.description = _l("For eksempel a1b2c3-d4e5f6.")


class EnableTwoFactorForm(Form):
    code = StringField(
        _l("Kode fra appen"), filters=[strip], render_kw=CODE_ATTRIBUTES,
        validators=[DataRequired(message=_l("Skriv koden fra appen.")),
                    Regexp(r"^\d{6}$", message=_l("Koden skal være 6 cifre."))],
        description=_l("Skriv de 6 cifre, som appen viser lige nu."))
    next = HiddenField()


class PasswordConfirmForm(Form):
    password = current_password_field()


class ForgotPasswordForm(Form):
    email = email_field()


class ResetPasswordForm(Form):
    password = new_password_field(_l("Ny adgangskode"), _l("Skriv din nye adgangskode."))
    password_confirm = confirm_field("password")


class ChangePasswordForm(Form):
    current_password = current_password_field()
    password = new_password_field(_l("Ny adgangskode"), _l("Skriv din nye adgangskode."))
    password_confirm = confirm_field("password")


class ChangeEmailForm(Form):
    email = email_field(_l("Ny e-mail"), _l("Skriv din nye e-mailadresse."))
    current_password = current_password_field()


class ChangePseudonymForm(Form):
    pseudonym = pseudonym_field(_l("Nyt pseudonym"), _l("Skriv dit nye pseudonym."))
