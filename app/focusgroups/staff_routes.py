"""The organisers' tools (moderators of the network, admins; for a focus group for the whole
municipality, moderators of any of its networks), behind two-factor log-in: create an
invitation (for a network or a whole municipality), open it, draw the lottery, mark the
meeting held, publish the summary, cancel. The list of volunteers shows contact details only
of those who said yes."""

from __future__ import annotations

from functools import wraps

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.authz import authorize, current_actor, second_factor_required
from app.core.edge import write
from app.core.forms import EmptyForm
from app.core.models import utcnow
from app.focusgroups import bp, emails, queries, rules, services
from app.focusgroups.forms import InvitationForm, SummaryForm
from app.focusgroups.routes import button_step, focus_group_or_404
from app.networks.loaders import municipality_or_404, network_or_404


def organiser_tool(view):
    """403 for people without a moderating or admin role; then the second factor."""
    guarded = second_factor_required(view)

    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_user.is_authenticated:
            authorize(rules.can_use_organiser_tools(current_user))
        return guarded(*args, **kwargs)

    return wrapper


def _organised(focus_group_id: int):
    focus_group = focus_group_or_404(focus_group_id)
    authorize(rules.can_organise(current_user, focus_group))
    return focus_group


def _organiser_url(focus_group) -> str:
    return url_for("focusgroups.organise", focus_group_id=focus_group.id)


@bp.route("/kommuner/<municipality_slug>/<network_slug>/fokusgrupper/ny", methods=["GET", "POST"])
@organiser_tool
def create_focus_group(municipality_slug: str, network_slug: str):
    network = network_or_404(municipality_slug, network_slug)
    authorize(rules.can_create_focus_group(current_user, network))
    form = InvitationForm()
    if form.validate_on_submit() and (written := write(form, lambda: services.create_focus_group(
            current_actor(), network, form.invitation()))):
        flash(_("Invitationen er gemt som kladde. Læs den igennem, og offentliggør den."),
              "success")
        return redirect(_organiser_url(written.value))
    return render_template("focusgroups/create.html", network=network,
                           municipality=network.municipality, form=form,
                           focus_group=None), 422 if form.errors else 200


@bp.route("/kommuner/<municipality_slug>/fokusgrupper/ny", methods=["GET", "POST"])
@organiser_tool
def create_municipal_focus_group(municipality_slug: str):
    """A focus group for the members of every network in the municipality."""
    municipality = municipality_or_404(municipality_slug)
    authorize(rules.can_create_municipal_focus_group(current_user, municipality))
    form = InvitationForm()
    if form.validate_on_submit() and (written := write(
            form, lambda: services.create_municipal_focus_group(
                current_actor(), municipality, form.invitation()))):
        flash(_("Invitationen er gemt som kladde. Læs den igennem, og offentliggør den."),
              "success")
        return redirect(_organiser_url(written.value))
    return render_template("focusgroups/create.html", network=None, municipality=municipality,
                           form=form, focus_group=None), 422 if form.errors else 200


@bp.route("/fokusgrupper/<id:focus_group_id>/ret", methods=["GET", "POST"])
@organiser_tool
def edit_draft(focus_group_id: int):
    focus_group = _organised(focus_group_id)
    authorize(rules.can_edit_focus_group(current_user, focus_group))
    form = InvitationForm(data=None if request.method == "POST" else
                          InvitationForm.values_of(focus_group))
    if form.validate_on_submit() and write(form, lambda: services.update_draft(
            current_actor(), focus_group, form.invitation())):
        flash(_("Kladden er gemt."), "success")
        return redirect(_organiser_url(focus_group))
    return render_template("focusgroups/create.html", network=focus_group.network,
                           municipality=focus_group.municipality, form=form,
                           focus_group=focus_group), 422 if form.errors else 200


def _organiser_page(focus_group, summary_form=None, code: int = 200):
    return render_template(
        "focusgroups/organise.html", focus_group=focus_group,
        page=queries.organiser_page(focus_group), form=EmptyForm(),
        may_draw=focus_group.may_draw(utcnow()),
        summary_form=summary_form or SummaryForm(formdata=None)), code


@bp.route("/fokusgrupper/<id:focus_group_id>/arranger")
@organiser_tool
def organise(focus_group_id: int):
    return _organiser_page(_organised(focus_group_id))


def _step(focus_group_id: int, action, done: str, then=None):
    """One button on the organiser's page."""
    focus_group = _organised(focus_group_id)
    return button_step(lambda: action(focus_group), done, _organiser_url(focus_group), then)


@bp.route("/fokusgrupper/<id:focus_group_id>/aabn", methods=["POST"])
@organiser_tool
def open_for_volunteers(focus_group_id: int):
    return _step(focus_group_id, lambda fg: services.open_for_volunteers(current_actor(), fg),
                 _("Invitationen er offentliggjort. Nu kan medlemmerne melde sig."))


@bp.route("/fokusgrupper/<id:focus_group_id>/traek-lod", methods=["POST"])
@organiser_tool
def draw(focus_group_id: int):
    return _step(focus_group_id, lambda fg: services.run_draw(current_actor(), fg),
                 _("Der er trukket lod. De udtrukne har fået besked."),
                 then=lambda selected: emails.send_all(selected, "selected"))


@bp.route("/fokusgrupper/<id:focus_group_id>/afholdt", methods=["POST"])
@organiser_tool
def mark_held(focus_group_id: int):
    return _step(focus_group_id, lambda fg: services.mark_held(current_actor(), fg),
                 _("Mødet er markeret som holdt. Skriv nu en opsamling af temaerne."))


@bp.route("/fokusgrupper/<id:focus_group_id>/aflys", methods=["POST"])
@organiser_tool
def cancel(focus_group_id: int):
    return _step(focus_group_id, lambda fg: services.cancel(current_actor(), fg),
                 _("Fokusgruppen er aflyst."))


@bp.route("/fokusgrupper/<id:focus_group_id>/opsamling", methods=["POST"])
@organiser_tool
def publish_summary(focus_group_id: int):
    focus_group = _organised(focus_group_id)
    form = SummaryForm()
    if form.validate_on_submit() and write(form, lambda: services.publish_summary(
            current_actor(), focus_group, form.summary.data, form.ids())):
        flash(_("Opsamlingen er offentliggjort på fokusgruppens side."), "success")
        return redirect(_organiser_url(focus_group))
    return _organiser_page(focus_group, summary_form=form, code=422)
