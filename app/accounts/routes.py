"""Thin views: parse, load, authorise, call one service, render or redirect."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.accounts import bp, emails, services, signup
from app.accounts.forms import (
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
    TwoFactorForm,
)
from app.accounts.limits import limit, login_account_key
from app.core.authz import (
    SECOND_FACTOR_SESSION_KEY,
    current_actor,
    holds_staff_role,
    login_required,
)
from app.core.edge import write
from app.core.forms import EmptyForm
from app.core.security import language_in_address, safe_next_url
from app.extensions import limiter

PENDING_KEY = "pending_second_factor"
UNCONFIRMED_KEY = "unconfirmed_account"
NEW_SECRET_KEY = "pending_totp_secret"


def _start_session(user, remember: bool, second_factor: bool) -> None:
    """A fresh session on every log-in, so nothing from before survives (session fixation)."""
    locale = language_in_address() or session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user, remember=remember)
    session[SECOND_FACTOR_SESSION_KEY] = second_factor


def _after_login(user, next_url: str | None):
    if holds_staff_role(user) and not user.totp_enabled:
        flash(_("Din rolle kræver totrinsbekræftelse. Slå den til nu, før du bruger dine "
                "værktøjer."), "warning")
        return redirect(url_for("accounts.setup_two_factor"))
    flash(_("Du er logget ind."), "success")
    return redirect(safe_next_url(next_url, url_for("pages.home")))


@bp.route("/opret", methods=["GET", "POST"])
@limiter.limit(limit("LIMIT_REGISTER"), methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = RegisterForm()
    if form.validate_on_submit():
        written = write(form, lambda: signup.sign_up(services.Registration(
            pseudonym=form.pseudonym.data, email=form.email.data,
            password=form.password.data, accepted_terms=form.accept_terms.data,
            locale=language_in_address() or session.get("locale"))))
        if written:
            # The same page and one mail, whether or not the address already had a profile.
            emails.send_sign_up_mail(written.value)
            return render_template("accounts/check_inbox.html", email=written.value.to,
                                   hours=emails.confirm_hours())
    return render_template("accounts/register.html", form=form), 200 if not form.errors else 422


@bp.route("/bekraeft/<token>", methods=["GET", "POST"])
def confirm_account(token: str):
    user = signup.unconfirmed_user_for_token(token, current_app.config["SECRET_KEY"],
                                             current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    if user is None:
        flash(_("Linket er udløbet eller allerede brugt. Har du fået flere e-mails fra os, så "
                "brug linket i den nyeste."), "error")
        return redirect(url_for("accounts.login"))
    # A button, not the link itself, confirms: mail scanners open links, but never press.
    if not EmptyForm().validate_on_submit():
        return render_template("accounts/confirm_link.html", heading=_("Gør din profil færdig"),
                               text=_("Tryk på knappen for at bekræfte din e-mail. Så er "
                                      "din profil klar, og du er logget ind."),
                               button=_("Bekræft og log ind"))
    write(None, lambda: signup.confirm_account(user))
    _start_session(user, remember=False, second_factor=False)
    flash(_("Velkommen til Borgernet, %(name)s. Din profil er oprettet.", name=user.pseudonym),
          "success")
    return redirect(url_for("pages.home"))


@bp.route("/bekraeft/send-igen", methods=["POST"])
@limiter.limit(limit("LIMIT_CONFIRM_RESEND"), methods=["POST"])
def resend_confirmation():
    pending = signup.pending_confirmation(session.get(UNCONFIRMED_KEY))
    if EmptyForm().validate_on_submit() and pending is not None:
        emails.send_sign_up_mail(pending)
        flash(_("Vi har sendt et nyt link til din e-mail. Det virker i %(hours)d timer.",
                hours=emails.confirm_hours()), "success")
    return redirect(url_for("accounts.login"))


@bp.route("/log-ind", methods=["GET", "POST"])
@limiter.limit(limit("LIMIT_LOGIN_IP"), methods=["POST"])
@limiter.limit(limit("LIMIT_LOGIN_ACCOUNT"), methods=["POST"], key_func=login_account_key)
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = write(form, lambda: services.authenticate(form.login.data, form.password.data)).value
        if user is None:
            form.password.errors.append(_("E-mail, pseudonym eller adgangskode er forkert."))
        elif not user.email_confirmed:  # told only after the right password
            session[UNCONFIRMED_KEY] = user.session_token
            return render_template("accounts/login.html", form=form, unconfirmed=True), 422
        elif user.totp_enabled:
            session.clear()
            session[PENDING_KEY] = {"token": user.session_token, "remember": form.remember.data}
            return redirect(url_for("accounts.login_two_factor", next=form.next.data or None))
        else:
            _start_session(user, remember=form.remember.data, second_factor=False)
            return _after_login(user, form.next.data)
    return render_template("accounts/login.html", form=form), 200 if not form.errors else 422


@bp.route("/log-ind/kode", methods=["GET", "POST"])
@limiter.limit(limit("LIMIT_TWO_FACTOR"), methods=["POST"])
def login_two_factor():
    pending = session.get(PENDING_KEY)
    user = services.user_for_session_token(pending["token"]) if pending else None
    if user is None:
        flash(_("Log ind med din adgangskode først."), "info")
        return redirect(url_for("accounts.login"))
    form = TwoFactorForm(next=request.args.get("next", ""))
    recovery = request.args.get("reservekode") == "1"
    if recovery:
        form.ask_for_recovery_code()
    if form.validate_on_submit():
        if write(form, lambda: services.verify_second_factor(user, form.code.data)).value:
            _start_session(user, remember=bool(pending.get("remember")), second_factor=True)
            return _after_login(user, form.next.data)
        form.code.errors.append(_("Koden passer ikke, eller den er allerede brugt. Prøv med den "
                                  "nye kode fra appen."))
    # A recovery code has letters: asked for on its own, the field shows the full keyboard.
    return render_template("accounts/login_two_factor.html", form=form, recovery=recovery), (
        200 if not form.errors else 422)


@bp.route("/log-ud", methods=["POST"])
@login_required
def logout():
    form = EmptyForm()
    if not form.validate_on_submit():
        return redirect(url_for("pages.home"))
    write(None, lambda: services.end_all_sessions(current_actor()))
    locale = session.get("locale")
    logout_user()
    session.clear()
    if locale:
        session["locale"] = locale
    flash(_("Du er logget ud."), "success")
    return redirect(url_for("pages.home"))


@bp.route("/glemt-adgangskode", methods=["GET", "POST"])
@limiter.limit(limit("LIMIT_PASSWORD_RESET"), methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_by_login(form.email.data) if "@" in form.email.data else None
        if user is not None:
            emails.send_reset_mail(user)
        flash(_("Hvis der findes en profil med den e-mail, har vi nu sendt et link. Linket "
                "virker i %(minutes)d minutter og kun én gang.",
                minutes=emails.reset_minutes()), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form), (
        200 if not form.errors else 422)


@bp.route("/ny-adgangskode/<token>", methods=["GET", "POST"])
@limiter.limit(limit("LIMIT_PASSWORD_RESET"), methods=["POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token, current_app.config["SECRET_KEY"],
                                         current_app.config["PASSWORD_RESET_MAX_AGE"])
    if user is None:
        flash(_("Linket er udløbet eller allerede brugt. Bed om et nyt."), "error")
        return redirect(url_for("accounts.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit() and write(
            form, lambda: services.reset_password(user, form.password.data)):
        logout_user()
        session.clear()
        flash(_("Din adgangskode er skiftet. Log ind med den nye."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form), (
        200 if not form.errors else 422)
