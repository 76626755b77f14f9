"""The moderators' tools: the queue, hiding and restoring, threads, members, appeals, log."""

from __future__ import annotations

from datetime import UTC, datetime, time
from functools import wraps

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.accounts.services import find_by_pseudonym
from app.core.authz import authorize, current_actor, second_factor_required
from app.core.control_chars import form_text
from app.core.dates import format_day
from app.core.edge import write
from app.core.pagination import parse_cursor
from app.core.security import safe_next_url
from app.moderation import bp, queries, rules, services
from app.moderation.forms import ReasonForm, SuspendForm, WarnForm
from app.moderation.routes import target_or_404
from app.moderation.targets import load_target, parse_key
from app.networks.loaders import network_or_404
from app.networks.rules import membership_of


def staff_tool(view):
    """403 for people without a moderating role; then staff must have used two-factor log-in."""
    guarded = second_factor_required(view)

    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_user.is_authenticated:
            authorize(rules.can_use_moderation_tools(current_user))
        return guarded(*args, **kwargs)

    return wrapper


def _moderated_network(municipality_slug: str, network_slug: str):
    network = network_or_404(municipality_slug, network_slug)
    authorize(rules.can_moderate_network(current_user, network))
    return network


def _queue_url(network) -> str:
    return url_for("moderation.show_queue", municipality_slug=network.municipality.slug,
                   network_slug=network.slug)


@bp.route("/moderation")
@staff_tool
def overview():
    """One queue across every network the person moderates (all networks for an admin)."""
    authorize(rules.can_see_moderation_queue(current_user))
    return render_template("moderation/overview.html", queue=queries.staff_queue(current_user))


@bp.route("/moderation/krise/<id:event_id>/haandteret", methods=["POST"])
@staff_tool
def handle_crisis_alert(event_id: int):
    found = queries.crisis_alert(event_id)
    if found is None:
        abort(404)
    alert, network = found
    # Whether it is still open is the service's to say (its moderators are told it was done).
    authorize(rules.can_handle_crisis_alert(current_user, network, False))
    if write(None, lambda: services.handle_crisis_alert(current_actor(), alert, network,
                                                        form_text("reason", 500))):
        flash(_("Den mulige krise er markeret som håndteret og skrevet i loggen."), "success")
    fallback = _queue_url(network) if network is not None else url_for("moderation.overview")
    return redirect(safe_next_url(request.form.get("back"), fallback))


@bp.route("/kommuner/<municipality_slug>/<network_slug>/moderation")
@staff_tool
def show_queue(municipality_slug: str, network_slug: str):
    return _queue_page(_moderated_network(municipality_slug, network_slug))


def _queue_page(network, **forms):
    """The queue; a suspend or warn form that was refused comes back with what was typed."""
    forms = {"reason_form": ReasonForm(), "suspend_form": SuspendForm(prefix="s"),
             "warn_form": WarnForm(prefix="w"), **forms}
    return render_template(
        "moderation/queue.html", network=network, groups=queries.report_groups(network),
        appeals=queries.open_appeals(network), alerts=queries.crisis_alerts(network), **forms)


@bp.route("/kommuner/<municipality_slug>/<network_slug>/moderation/samlet", methods=["POST"])
@staff_tool
def bulk_action(municipality_slug: str, network_slug: str):
    network = _moderated_network(municipality_slug, network_slug)
    action, reason = request.form.get("action"), form_text("reason", 500)
    keys = [parsed for key in request.form.getlist("targets")[:100] if (parsed := parse_key(key))]
    targets = [t for kind, i in keys if (t := load_target(kind, i)) and t.network.id == network.id]
    if action not in ("dismiss", "hide") or not targets:
        flash(_("Vælg mindst én anmeldelse og en handling."), "error")
        return redirect(_queue_url(network))
    if action == "hide" and not reason:
        flash(_("Skriv en begrundelse. Den bliver vist i stedet for indholdet."), "error")
        return redirect(_queue_url(network))
    act = services.hide if action == "hide" else services.dismiss_reports
    done = sum(1 for target in targets if write(None, lambda t=target: act(current_actor(), t, reason)))
    flash(ngettext("%(num)d sag er behandlet.", "%(num)d sager er behandlet.", done), "success")
    return redirect(_queue_url(network))


@bp.route("/moderation/<kind>/<id:target_id>/<action>", methods=["POST"])
@staff_tool
def act_on_target(kind: str, target_id: int, action: str):
    target = target_or_404(kind, target_id)
    authorize(rules.can_moderate_target(current_user, target))
    reason = form_text("reason", 500)
    actions = {
        "skjul": lambda: services.hide(current_actor(), target, reason),
        "vis": lambda: services.restore(current_actor(), target, reason),
        "afvis-anmeldelser": lambda: services.dismiss_reports(current_actor(), target, reason),
    }
    if kind == "thread":
        actions.update({
            "laas": lambda: services.set_thread_flag(current_actor(), target, "lock", True, reason),
            "laas-op": lambda: services.set_thread_flag(current_actor(), target, "lock", False, reason),
            "fastgoer": lambda: services.set_thread_flag(current_actor(), target, "pin", True, reason),
            "frigoer": lambda: services.set_thread_flag(current_actor(), target, "pin", False, reason)})
    if action not in actions:
        abort(404)
    if write(None, actions[action]):
        flash(_("Handlingen er udført og skrevet i loggen."), "success")
    return redirect(safe_next_url(request.form.get("back"), target.url))


def _member_or_error(network, pseudonym: str):
    user = find_by_pseudonym(pseudonym)
    membership = membership_of(user, network) if user else None
    if membership is None:
        flash(_("%(name)s er ikke medlem af netværket.", name=pseudonym), "error")
    return membership


@bp.route("/kommuner/<municipality_slug>/<network_slug>/moderation/udeluk", methods=["POST"])
@staff_tool
def suspend_member(municipality_slug: str, network_slug: str):
    network = _moderated_network(municipality_slug, network_slug)
    form = SuspendForm(prefix="s")
    if not form.validate_on_submit():
        return _queue_page(network, suspend_form=form), 422
    if membership := _member_or_error(network, form.pseudonym.data):
        until = datetime.combine(form.until.data, time(23, 59), UTC)
        if write(None, lambda: services.suspend(current_actor(), membership, until,
                                                form.reason.data)):
            flash(_("%(name)s er udelukket til og med %(date)s.", name=membership.user.pseudonym,
                    date=format_day(form.until.data, "long")), "success")
    return redirect(_queue_url(network))


@bp.route("/kommuner/<municipality_slug>/<network_slug>/moderation/advar", methods=["POST"])
@staff_tool
def warn_member(municipality_slug: str, network_slug: str):
    network = _moderated_network(municipality_slug, network_slug)
    form = WarnForm(prefix="w")
    if not form.validate_on_submit():
        return _queue_page(network, warn_form=form), 422
    if (membership := _member_or_error(network, form.pseudonym.data)) and write(
            None, lambda: services.warn(current_actor(), network, membership.user, form.text.data)):
        flash(_("Advarslen er sendt til %(name)s.", name=membership.user.pseudonym), "success")
    return redirect(_queue_url(network))


@bp.route("/moderation/klager/<kind>/<id:target_id>/<decision>", methods=["POST"])
@staff_tool
def decide_appeal(kind: str, target_id: int, decision: str):
    target = target_or_404(kind, target_id)
    authorize(rules.can_decide_appeal(current_user, target))
    if decision not in ("vis-igen", "fasthold"):
        abort(404)
    reason = form_text("reason", 500)
    if write(None, lambda: services.decide_appeal(current_actor(), target, decision == "vis-igen",
                                                  reason)):
        flash(_("Klagen er afgjort."), "success")
    return redirect(_queue_url(target.network))


@bp.route("/kommuner/<municipality_slug>/<network_slug>/moderation/log")
@staff_tool
def show_log(municipality_slug: str, network_slug: str):
    network = _moderated_network(municipality_slug, network_slug)
    page = queries.audit_log(network, parse_cursor(request.args.get("foer")))
    return render_template("moderation/log.html", network=network, page=page)


@bp.route("/moderation/log")
@staff_tool
def show_full_log():
    authorize(rules.can_see_all_queues(current_user))
    page = queries.audit_log(None, parse_cursor(request.args.get("foer")))
    return render_template("moderation/log.html", network=None, page=page)


