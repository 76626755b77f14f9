"""Thin views: the moderators' forwarding page and the committee's area.

Every page here is a staff tool: a staff role and two-factor log-in first (before_request),
then the page's own rule. The public side (the timeline on the proposal page) is a partial,
fed by the template global at the bottom.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.committee import bp, queries, rules, services
from app.committee.forms import AnswerForm, ForwardForm, MeetingDateForm
from app.committee.models import AnswerStatus, CommitteeStatus, local_today
from app.core.authz import authorize, current_actor, require_second_factor
from app.core.dates import format_day
from app.core.edge import write
from app.core.forms import EmptyForm
from app.core.pagination import parse_cursor
from app.networks.loaders import network_or_404


@bp.before_request
def _guard():
    if current_user.is_authenticated:
        authorize(rules.can_use_committee_tools(current_user))
    return require_second_factor()


@bp.app_template_global()
def committee_forwarding(proposal):
    """The proposal's forwarding for the public timeline, or None (no query before then)."""
    return queries.proposal_forwarding(proposal)


# --- moderators: forward a passed proposal ------------------------------------------------------

def _network(municipality_slug: str, network_slug: str):
    network = network_or_404(municipality_slug, network_slug)
    authorize(rules.can_use_forwarding_tools(current_user, network))
    return network


@bp.route("/kommuner/<municipality_slug>/<network_slug>/videresend")
def forward_dashboard(municipality_slug: str, network_slug: str):
    network = _network(municipality_slug, network_slug)
    return render_template("committee/dashboard.html", network=network,
                           dashboard=queries.forward_dashboard(network), today=local_today())


@bp.route("/kommuner/<municipality_slug>/<network_slug>/videresend/<id:proposal_id>",
          methods=["GET", "POST"])
def forward_proposal(municipality_slug: str, network_slug: str, proposal_id: int):
    network = _network(municipality_slug, network_slug)
    page = queries.forward_page(network, proposal_id)
    if page is None:
        abort(404)
    form = ForwardForm()
    form.comments.choices = [(comment.id, str(comment.id)) for comment in page.comments]
    if form.validate_on_submit() and write(form, lambda: services.forward_proposal(
            current_actor(), page.proposal, form.cover_note.data, form.comments.data or [])):
        flash(_("Forslaget er sendt til udvalget i %(municipality)s.",
                municipality=network.municipality.name), "success")
        return redirect(url_for("committee.forward_dashboard", municipality_slug=municipality_slug,
                                network_slug=network_slug))
    return render_template("committee/forward.html", network=network, proposal=page.proposal,
                           comments=page.comments, form=form), (
        422 if request.method == "POST" else 200)  # a POST that lands here did not go through


# --- the committee ------------------------------------------------------------------------------

def _municipality(municipality_slug: str):
    municipality = queries.municipality_by_slug(municipality_slug)
    if municipality is None:
        abort(404)
    authorize(rules.can_view_committee_area(current_user, municipality))
    return municipality


def _dossier(municipality, proposal_id: int):
    found = queries.dossier(municipality, proposal_id)
    if found is None:
        abort(404)
    return found


@bp.route("/udvalg")
def committee_home():
    seats = queries.committee_seats(current_user)
    authorize(bool(seats) or rules.is_admin(current_user))
    if len(seats) == 1 and not rules.is_admin(current_user):
        return redirect(url_for("committee.list_forwarded", municipality_slug=seats[0].slug))
    municipalities = queries.all_municipalities() if rules.is_admin(current_user) else seats
    return render_template("committee/home.html", municipalities=municipalities)


@bp.route("/udvalg/<municipality_slug>")
def list_forwarded(municipality_slug: str):
    municipality = _municipality(municipality_slug)
    status = next((s for s in CommitteeStatus if s.value == request.args.get("status")), None)
    today = local_today()
    listing = queries.committee_list(municipality, status, parse_cursor(request.args.get("foer")),
                                     today)
    return render_template("committee/list.html", municipality=municipality, listing=listing,
                           status=status, statuses=list(CommitteeStatus), today=today)


def _dossier_page(municipality, found, meeting_form=None, answer_form=None,
                  code: int = 200):
    return render_template(
        "committee/dossier.html", municipality=municipality, dossier=found,
        forwarding=found.forwarding, proposal=found.forwarding.proposal, today=local_today(),
        receipt_form=EmptyForm(), meeting_form=meeting_form or MeetingDateForm(formdata=None),
        answer_form=answer_form or AnswerForm(formdata=None)), code


@bp.route("/udvalg/<municipality_slug>/forslag/<id:proposal_id>")
def show_dossier(municipality_slug: str, proposal_id: int):
    municipality = _municipality(municipality_slug)
    return _dossier_page(municipality, _dossier(municipality, proposal_id))


def _dossier_url(municipality_slug: str, proposal_id: int) -> str:
    return url_for("committee.show_dossier", municipality_slug=municipality_slug,
                   proposal_id=proposal_id)


@bp.route("/udvalg/<municipality_slug>/forslag/<id:proposal_id>/modtaget", methods=["POST"])
def record_receipt(municipality_slug: str, proposal_id: int):
    municipality = _municipality(municipality_slug)
    authorize(rules.can_act_for_committee(current_user, municipality))
    found = _dossier(municipality, proposal_id)
    if EmptyForm().validate_on_submit() and write(None, lambda: services.record_receipt(
            current_actor(), found.forwarding)):
        flash(_("Det er registreret, at udvalget har modtaget forslaget."), "success")
    return redirect(_dossier_url(municipality_slug, proposal_id))


@bp.route("/udvalg/<municipality_slug>/forslag/<id:proposal_id>/moededato", methods=["POST"])
def set_meeting_date(municipality_slug: str, proposal_id: int):
    municipality = _municipality(municipality_slug)
    authorize(rules.can_act_for_committee(current_user, municipality))
    found = _dossier(municipality, proposal_id)
    form = MeetingDateForm()
    if form.validate_on_submit() and write(form, lambda: services.set_meeting_date(
            current_actor(), found.forwarding, form.meeting_date.data)):
        flash(_("Forslaget står nu på dagsordenen til mødet %(date)s.",
                date=format_day(form.meeting_date.data, "long")), "success")
        return redirect(_dossier_url(municipality_slug, proposal_id))
    return _dossier_page(municipality, _dossier(municipality, proposal_id), meeting_form=form,
                         code=422)


@bp.route("/udvalg/<municipality_slug>/forslag/<id:proposal_id>/svar", methods=["POST"])
def record_answer(municipality_slug: str, proposal_id: int):
    municipality = _municipality(municipality_slug)
    authorize(rules.can_act_for_committee(current_user, municipality))
    found = _dossier(municipality, proposal_id)
    form = AnswerForm()
    if form.validate_on_submit() and write(form, lambda: services.record_answer(
            current_actor(), found.forwarding, AnswerStatus(form.answer_status.data), form.answer_text.data)):
        flash(_("Udvalgets svar er offentliggjort på forslaget."), "success")
        return redirect(_dossier_url(municipality_slug, proposal_id))
    return _dossier_page(municipality, _dossier(municipality, proposal_id), answer_form=form,
                         code=422)
