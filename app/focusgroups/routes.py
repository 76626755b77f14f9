"""What members and visitors do: read invitations and the lottery, volunteer, answer a seat,
download the meeting to their calendar."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.limits import limit, user_key
from app.accounts.rules import is_admin
from app.core.authz import authorize, current_actor, found_or_404
from app.core.edge import write
from app.core.forms import EmptyForm
from app.core.models import utcnow
from app.extensions import limiter
from app.focusgroups import bp, emails, queries, rules, services
from app.focusgroups.forms import VolunteerForm
from app.focusgroups.models import FocusGroupState, MeetingForm, Stratum
from app.networks.loaders import municipality_or_404
from app.networks.models import BenefitGroup
from app.networks.rules import moderated_network_ids


def focus_group_or_404(focus_group_id: int):
    return found_or_404(queries.focus_group_by_id(focus_group_id), rules.can_view_focus_group)


def page_url(focus_group) -> str:
    return url_for("focusgroups.show_focus_group", focus_group_id=focus_group.id)


@bp.route("/fokusgrupper")
def list_focus_groups():
    """Every published invitation the person may read; ?kommune=<slug>: one municipality's."""
    slug = request.args.get("kommune", "")
    municipality = municipality_or_404(slug) if slug else None
    organiser = rules.can_use_organiser_tools(current_user)
    admin = is_admin(current_user)
    moderated = moderated_network_ids(current_user)
    return render_template(
        "focusgroups/list.html", municipality=municipality,
        focus_groups=queries.list_page(current_user, municipality),
        networks=queries.organiser_networks(current_user, admin, moderated) if organiser else [],
        municipalities=queries.organiser_municipalities(admin, moderated) if organiser else [],
        drafts=queries.drafts_for(None if admin else moderated) if organiser else [])


@bp.route("/fokusgrupper/<id:focus_group_id>")
def show_focus_group(focus_group_id: int):
    focus_group = focus_group_or_404(focus_group_id)
    return render_template("focusgroups/show.html", focus_group=focus_group,
                           page=queries.focus_group_page(current_user, focus_group),
                           volunteer=services.own_volunteer(current_user, focus_group),
                           volunteering_closed=focus_group.volunteering_closed(utcnow()),
                           form=EmptyForm())


@bp.route("/fokusgrupper/<id:focus_group_id>/lodtraekning")
def show_lottery(focus_group_id: int):
    focus_group = focus_group_or_404(focus_group_id)
    return render_template("focusgroups/lottery.html", focus_group=focus_group,
                           entries=queries.entries_by_group(focus_group))


@bp.route("/fokusgrupper/<id:focus_group_id>/meld-dig", methods=["GET", "POST"])
@limiter.limit(limit("LIMIT_VOLUNTEER"), methods=["POST"], key_func=user_key)
def volunteer(focus_group_id: int):
    focus_group = focus_group_or_404(focus_group_id)
    own = services.own_volunteer(current_user, focus_group)
    if own is not None:
        return redirect(page_url(focus_group))
    if rules.is_invited(current_user, focus_group) and (
            focus_group.state is FocusGroupState.OPEN
            and focus_group.volunteering_closed(utcnow())):
        # Too late: say so plainly, on the invitation's page.
        flash(services.closed_message(focus_group), "error")
        return redirect(page_url(focus_group))
    authorize(rules.can_volunteer(current_user, focus_group, own))
    form = VolunteerForm()
    if form.validate_on_submit() and write(form, lambda: services.volunteer(
            current_actor(), focus_group, services.Offer(
                stratum=Stratum(form.stratum.data),
                benefit_group=BenefitGroup(form.benefit_group.data) if form.benefit_group.data
                else None,
                preferred_form=MeetingForm(form.preferred_form.data) if form.preferred_form.data
                else None,
                needs=form.needs.data or "", contact=form.contact.data,
                consent=bool(form.consent.data)))):
        flash(_("Tak. Du er med i lodtrækningen. Du får besked her og på e-mail, når vi har "
                "trukket lod."), "success")
        return redirect(page_url(focus_group))
    return render_template("focusgroups/volunteer.html", focus_group=focus_group, form=form), (
        422 if request.method == "POST" else 200)


def _own(focus_group_id: int, rule):
    focus_group = focus_group_or_404(focus_group_id)
    own = services.own_volunteer(current_user, focus_group)
    authorize(rule(current_user, focus_group, own))
    return focus_group, own


def button_step(action, done: str, back: str, then=None):
    """A button-only POST: the one service call, its message, what follows it (a mail, after
    the commit), and back to the page."""
    written = EmptyForm().validate_on_submit() and write(None, action)
    if written:
        flash(done, "success")
        if then is not None:
            then(written.value)
    return redirect(back)


def _answer(focus_group_id: int, rule, action, done: str, then=None):
    """One of the person's own buttons (withdraw, accept, give up)."""
    focus_group, own = _own(focus_group_id, rule)
    return button_step(lambda: action(own), done, page_url(focus_group), then)


@bp.route("/fokusgrupper/<id:focus_group_id>/fortryd", methods=["POST"])
def withdraw(focus_group_id: int):
    return _answer(focus_group_id, rules.can_withdraw,
                   lambda own: services.withdraw(current_actor(), own.focus_group),
                   _("Du er ikke længere med i lodtrækningen. Det, du skrev, er slettet."))


@bp.route("/fokusgrupper/<id:focus_group_id>/sig-ja", methods=["POST"])
def accept_seat(focus_group_id: int):
    return _answer(focus_group_id, rules.can_accept_seat,
                   lambda own: services.accept_seat(current_actor(), own),
                   _("Tak. Pladsen er din. Arrangøren kan nu se dine kontaktoplysninger."))


@bp.route("/fokusgrupper/<id:focus_group_id>/sig-nej", methods=["POST"])
def give_up_seat(focus_group_id: int):
    return _answer(focus_group_id, rules.can_give_up_seat,
                   lambda own: services.give_up_seat(current_actor(), own),
                   _("Du har givet pladsen fra dig. Tak for besked."),
                   then=lambda offered: offered and emails.send_news(offered, "offered"))


@bp.route("/fokusgrupper/<id:focus_group_id>/kalender.ics")
def download_calendar(focus_group_id: int):
    focus_group, _own_row = _own(focus_group_id, rules.can_download_calendar)
    return emails.calendar_file(focus_group), 200, {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{emails.calendar_filename(focus_group)}"'}

