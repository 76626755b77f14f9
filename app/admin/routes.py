"""The platform owner's tools: municipalities, networks and role appointments."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from app.accounts.limits import limit, user_key
from app.accounts.models import User
from app.accounts.services import find_by_pseudonym
from app.admin import bp, queries, rules, services
from app.admin.forms import (
    AnswerDeadlineForm,
    AppointCommitteeMemberForm,
    AppointModeratorForm,
    FindAccountForm,
    MunicipalityContactForm,
    MunicipalityForm,
    NetworkSettingsForm,
    ShowEmailForm,
)
from app.committee import services as committee_services
from app.core.authz import authorize, current_actor, found_or_404, require_second_factor
from app.core.edge import write
from app.extensions import db, limiter
from app.networks import services as network_services
from app.networks.models import JoinPolicy, Municipality, Network, Visibility


@bp.before_request
def _guard():
    if current_user.is_authenticated:
        authorize(rules.can_administer(current_user))
    return require_second_factor()


def _forms():
    moderator_form = AppointModeratorForm(prefix="mod")
    # A required list starts with an empty choice (valid HTML; nobody is appointed by default).
    moderator_form.network.choices = [SelectChoice("", _("Vælg et netværk"))] + [
        SelectChoice(id_, f"{municipality} · {name}") for id_, name, municipality in
        db.session.execute(queries.network_choices())]
    committee_form = AppointCommitteeMemberForm(prefix="com")
    deadline_form = AnswerDeadlineForm(prefix="frist")
    # Result rows are not tuples, so WTForms needs them as SelectChoice objects.
    municipalities = [SelectChoice(id_, name)
                      for id_, name in db.session.execute(queries.municipality_choices())]
    contact_form = MunicipalityContactForm(prefix="kontakt")
    committee_form.municipality.choices = deadline_form.municipality.choices = \
        contact_form.municipality.choices = [SelectChoice("", _("Vælg en kommune")),
                                             *municipalities]
    return (MunicipalityForm(prefix="mun"), moderator_form, committee_form, deadline_form,
            contact_form)


def _page(municipality_form, moderator_form, committee_form, deadline_form, contact_form,
          status: int = 200):
    return render_template(
        "admin/index.html",
        municipalities=db.session.scalars(queries.municipalities_overview()).all(),
        moderators=db.session.scalars(queries.moderators()).all(),
        committee=db.session.scalars(queries.committee_members()).all(),
        municipality_form=municipality_form, moderator_form=moderator_form,
        committee_form=committee_form, deadline_form=deadline_form,
        contact_form=contact_form), status


@bp.route("/")
def index():
    return _page(*_forms())


def _user_field_error(form) -> None:
    form.pseudonym.errors.append(_("Der findes ingen med det pseudonym."))


@bp.route("/kommuner", methods=["POST"])
def create_municipality():
    forms = _forms()
    form = forms[0]
    if form.validate_on_submit() and write(
            form, lambda: network_services.create_municipality(form.name.data)):
        flash(_("Kommunen er oprettet med otte netværk."), "success")
        return redirect(url_for("admin.index"))
    return _page(*forms, status=422)


@bp.route("/moderatorer", methods=["POST"])
def appoint_moderator():
    forms = _forms()
    form = forms[1]
    if form.validate_on_submit():
        user = find_by_pseudonym(form.pseudonym.data)
        network = db.session.get(Network, form.network.data)
        if user is None:
            _user_field_error(form)
        elif write(form, lambda: network_services.appoint_moderator(user, network)):
            flash(_("%(name)s er nu moderator.", name=user.pseudonym), "success")
            return redirect(url_for("admin.index"))
    return _page(*forms, status=422)


@bp.route("/udvalg", methods=["POST"])
def appoint_committee_member():
    forms = _forms()
    form = forms[2]
    if form.validate_on_submit():
        user = find_by_pseudonym(form.pseudonym.data)
        municipality = db.session.get(Municipality, form.municipality.data)
        if user is None:
            _user_field_error(form)
        elif write(form, lambda: committee_services.appoint_committee_member(user, municipality)):
            flash(_("%(name)s sidder nu i udvalget.", name=user.pseudonym), "success")
            return redirect(url_for("admin.index"))
    return _page(*forms, status=422)


@bp.route("/svarfrist", methods=["POST"])
def set_answer_deadline():
    forms = _forms()
    form = forms[3]
    if form.validate_on_submit():
        municipality = db.session.get(Municipality, form.municipality.data)
        if write(form, lambda: committee_services.set_answer_deadline(municipality,
                                                                      form.days.data)):
            flash(_("Udvalget i %(name)s skal nu svare senest %(days)d dage efter, at et forslag "
                    "er sendt.", name=municipality.name, days=form.days.data), "success")
            return redirect(url_for("admin.index"))
    return _page(*forms, status=422)


@bp.route("/kontakt", methods=["POST"])
def set_contact_url():
    forms = _forms()
    form = forms[4]
    if form.validate_on_submit():
        municipality = db.session.get(Municipality, form.municipality.data)
        if write(form, lambda: network_services.set_contact_url(municipality,
                                                                form.contact_url.data)):
            flash(_("Kontaktsiden for %(name)s er gemt.", name=municipality.name), "success")
            return redirect(url_for("admin.index"))
    return _page(*forms, status=422)


@bp.route("/netvaerk/<id:network_id>", methods=["GET", "POST"])
def network_settings(network_id: int):
    network = found_or_404(db.session.get(Network, network_id),
                           lambda user, _network: rules.can_administer(user))
    form = NetworkSettingsForm(data={
        "quorum": network.quorum, "join_policy": network.join_policy.value,
        "visibility": network.visibility.value} if request.method == "GET" else None)
    if form.validate_on_submit():
        written = write(form, lambda: network_services.change_settings(
            current_actor(), network, form.quorum.data, JoinPolicy(form.join_policy.data),
            Visibility(form.visibility.data)))
        if written:
            flash(_("Netværkets indstillinger er gemt.") if written.value else
                  _("Du har ikke ændret noget."), "success" if written.value else "info")
            return redirect(url_for("admin.network_settings", network_id=network.id))
    return render_template("admin/network_settings.html", form=form, network=network), (
        422 if form.errors else 200)


@bp.route("/konti")
def find_account():
    """Find a person's account page by pseudonym (a search: reading only)."""
    form = FindAccountForm(request.args)
    if "pseudonym" in request.args and form.validate():
        user = find_by_pseudonym(form.pseudonym.data)
        if user is not None:
            return redirect(url_for("admin.account", user_id=user.id))
        _user_field_error(form)
    return render_template("admin/find_account.html", form=form), (
        422 if form.errors else 200)


def _account_page(user: User, form: ShowEmailForm, email: str | None = None,
                  status: int = 200):
    response = current_app.make_response((render_template(
        "admin/account.html", page=queries.account_page(user), form=form, email=email),
        status))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/konti/<id:user_id>")
def account(user_id: int):
    """A person's account: everything but the e-mail address, which is opened by a POST."""
    user = found_or_404(db.session.get(User, user_id),
                        lambda admin, _user: rules.can_administer(admin))
    return _account_page(user, ShowEmailForm())


@bp.route("/konti/<id:user_id>/e-mail", methods=["POST"])
@limiter.limit(limit("LIMIT_EMAIL_REVEAL"), key_func=user_key)
def show_email(user_id: int):
    """Open the e-mail address: logged first (who, whom, when, why), then shown."""
    user = found_or_404(db.session.get(User, user_id), rules.can_see_email)
    form = ShowEmailForm()
    if form.validate_on_submit():
        written = write(form, lambda: services.show_email(current_actor(), user, form.reason.data))
        if written:
            return _account_page(user, ShowEmailForm(formdata=None), email=written.value)
    return _account_page(user, form, status=422)
