"""The person's own settings: password, e-mail, pseudonym and two-factor log-in."""

from __future__ import annotations

import io

import segno
from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_user

from app.accounts import bp, emails, services, signup
from app.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ChangePseudonymForm,
    EnableTwoFactorForm,
    PasswordConfirmForm,
)
from app.accounts.limits import limit, user_key
from app.accounts.routes import NEW_SECRET_KEY
from app.core.authz import SECOND_FACTOR_SESSION_KEY, current_actor, login_required
from app.core.edge import write
from app.core.events import messages_for
from app.core.forms import EmptyForm
from app.core.security import safe_next_url
from app.extensions import limiter


def _status(form) -> int:
    return 422 if form.errors else 200


@bp.route("/profil")
@login_required
def profile():
    return render_template("accounts/profile.html", user=current_actor(),
                           messages=messages_for(current_actor().id),
                           recovery_left=services.unused_recovery_code_count(current_actor()),
                           disable_form=PasswordConfirmForm(prefix="disable"),
                           codes_form=PasswordConfirmForm(prefix="codes"))


@bp.route("/profil/adgangskode", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        written = write(form, lambda: services.change_password(
            current_actor(), form.current_password.data, form.password.data))
        if written:
            # Every other session is now over; keep this one going with the new token.
            second_factor = session.get(SECOND_FACTOR_SESSION_KEY, False)
            login_user(current_actor())
            session[SECOND_FACTOR_SESSION_KEY] = second_factor
            flash(_("Din adgangskode er skiftet. Du er logget ud på dine andre enheder."),
                  "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_password.html", form=form), _status(form)


@bp.route("/profil/email", methods=["GET", "POST"])
@login_required
@limiter.limit(limit("LIMIT_EMAIL_CHANGE"), methods=["POST"], key_func=user_key)
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        written = write(form, lambda: signup.request_email_change(
            current_actor(), form.current_password.data, form.email.data))
        if written:
            # The same answer and one mail, whether or not the new address has a profile.
            emails.send_email_change_mail(written.value)
            flash(_("Vi har sendt et link til den nye adresse. Din e-mail skifter, når du har "
                    "klikket på det."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_email.html", form=form), _status(form)


@bp.route("/profil/email/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    change = signup.email_change_for_token(token, current_app.config["SECRET_KEY"],
                                           current_app.config["EMAIL_CONFIRM_MAX_AGE"])
    if change is None:
        flash(_("Linket er udløbet eller allerede brugt. Skift e-mail igen for at få et nyt."),
              "error")
        return redirect(url_for("accounts.profile"))
    # A button, not the link itself, makes the change: mail scanners open links, but never press.
    if not EmptyForm().validate_on_submit():
        return render_template("accounts/confirm_link.html", heading=_("Skift e-mail"),
                               text=_("Tryk på knappen for at skifte din e-mail til "
                                      "%(email)s.", email=change[1]),
                               button=_("Skift e-mail"))
    old_email = write(None, lambda: signup.change_email(*change)).value
    emails.send_email_changed_notice(change[0], old_email)
    flash(_("Din e-mail er ændret. Vi har skrevet til din gamle adresse om det."), "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/profil/pseudonym", methods=["GET", "POST"])
@login_required
def change_pseudonym():
    form = ChangePseudonymForm()
    if request.method == "GET":
        form.pseudonym.data = current_actor().pseudonym
    if form.validate_on_submit():
        written = write(form, lambda: services.change_pseudonym(current_actor(),
                                                                 form.pseudonym.data))
        if written:
            flash(_("Dit pseudonym er nu %(name)s.", name=current_actor().pseudonym), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/change_pseudonym.html", form=form), _status(form)


@bp.route("/totrin", methods=["GET", "POST"])
@login_required
def setup_two_factor():
    if current_actor().totp_enabled:
        flash(_("Totrinsbekræftelse er allerede slået til."), "info")
        return redirect(url_for("accounts.profile"))
    secret = session.get(NEW_SECRET_KEY) or services.new_totp_secret()
    session[NEW_SECRET_KEY] = secret
    form = EnableTwoFactorForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        written = write(form, lambda: services.enable_two_factor(current_actor(), secret,
                                                                 form.code.data))
        if written:
            session.pop(NEW_SECRET_KEY, None)
            session[SECOND_FACTOR_SESSION_KEY] = True
            flash(_("Totrinsbekræftelse er slået til."), "success")
            return render_template("accounts/recovery_codes.html", codes=written.value,
                                   next_url=safe_next_url(form.next.data,
                                                          url_for("accounts.profile")))
    return render_template("accounts/setup_two_factor.html", form=form, secret=secret,
                           uri=services.provisioning_uri(current_actor(), secret)), _status(form)


@bp.route("/totrin/qr.svg")
@login_required
def two_factor_qr():
    secret = session.get(NEW_SECRET_KEY)
    if not secret:
        abort(404)
    qr = segno.make(services.provisioning_uri(current_actor(), secret), error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=5, border=4, title=_("QR-kode til godkenderappen"))
    return Response(buffer.getvalue(), mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})


@bp.route("/totrin/sluk", methods=["POST"])
@login_required
def disable_two_factor():
    form = PasswordConfirmForm(prefix="disable")
    if form.validate_on_submit():
        if write(None, lambda: services.disable_two_factor(current_actor(), form.password.data)):
            session[SECOND_FACTOR_SESSION_KEY] = False
            flash(_("Totrinsbekræftelse er slået fra."), "success")
    else:
        flash(_("Skriv din adgangskode for at slå totrinsbekræftelse fra."), "error")
    return redirect(url_for("accounts.profile"))


@bp.route("/totrin/reservekoder", methods=["POST"])
@login_required
def new_recovery_codes():
    form = PasswordConfirmForm(prefix="codes")
    if not current_actor().totp_enabled:
        return redirect(url_for("accounts.profile"))
    if form.validate_on_submit():
        written = write(None, lambda: services.regenerate_recovery_codes(current_actor(),
                                                                         form.password.data))
        if written:
            return render_template("accounts/recovery_codes.html", codes=written.value,
                                   next_url=url_for("accounts.profile"))
    else:
        flash(_("Skriv din adgangskode for at lave nye reservekoder."), "error")
    return redirect(url_for("accounts.profile"))
