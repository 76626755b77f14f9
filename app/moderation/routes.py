"""What members do: report content, and appeal once when their own content was hidden."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.limits import limit, user_key
from app.core.authz import authorize, current_actor
from app.core.edge import write
from app.extensions import limiter
from app.moderation import bp, rules, services
from app.moderation.forms import AppealForm, ReportForm
from app.moderation.models import ReportReason
from app.moderation.targets import Target, load_target


def target_or_404(kind: str, target_id: int) -> Target:
    target = load_target(kind, target_id)
    if target is None:
        abort(404)
    return target



@bp.route("/anmeld/<kind>/<id:target_id>", methods=["GET", "POST"])
@limiter.limit(limit("LIMIT_REPORT"), methods=["POST"], key_func=user_key)
def report(kind: str, target_id: int):
    target = target_or_404(kind, target_id)
    authorize(rules.can_report(current_user, target))
    form = ReportForm()
    if form.validate_on_submit() and write(form, lambda: services.report(
            current_actor(), target, ReportReason(form.reason.data), form.text.data or "")):
        flash(_("Tak for din anmeldelse. En moderator ser på den. Den, du anmelder, får ikke at "
                "vide, at det var dig."), "success")
        return redirect(target.url)
    return render_template("moderation/report.html", form=form, target=target), (
        422 if form.errors else 200)


@bp.route("/klag/<kind>/<id:target_id>", methods=["GET", "POST"])
def appeal(kind: str, target_id: int):
    target = target_or_404(kind, target_id)
    authorize(rules.can_appeal(current_user, target))
    existing = services.open_appeal_for(target)
    form = AppealForm()
    if existing is None and form.validate_on_submit() and write(
            form, lambda: services.appeal(current_actor(), target, form.text.data)):
        flash(_("Din klage er sendt. En anden moderator afgør den."), "success")
        return redirect(target.url)
    return render_template("moderation/appeal.html", form=form, target=target,
                           existing=existing), 422 if form.errors else 200
