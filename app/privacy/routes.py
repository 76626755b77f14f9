"""Download all one's data, and delete one's profile: both from the profile page, both after
typing the password again. A large export is built by the job queue and fetched with a signed
link (app/privacy/downloads.py)."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import logout_user

from app.accounts.limits import limit, user_key
from app.accounts.services import require_current_password
from app.core import jobs
from app.core.authz import authorize, current_actor, login_required
from app.core.edge import write
from app.core.errors import DomainError
from app.core.forms import apply_domain_error
from app.extensions import limiter
from app.privacy import bp, deletion, downloads, export, rules
from app.privacy.forms import DeleteProfileForm, ExportForm


def _status(form) -> int:
    return 422 if form.errors else 200


@bp.route("/profil/data", methods=["GET", "POST"])
@login_required
@limiter.limit(limit("LIMIT_PRIVACY"), methods=["POST"], key_func=user_key)
def export_data():
    authorize(rules.can_export_own_data(current_actor()))
    form = ExportForm()
    if form.validate_on_submit():
        try:
            require_current_password(current_actor(), form.password.data, field="password")
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            if not downloads.needs_job(current_actor()):
                return _zip_response(export.build_zip(current_actor()))
            written = write(form, lambda: downloads.request_export(current_actor()))
            if written:
                jobs.enqueue(downloads.build, written.value, description="privacy export")
                flash(_("Vi er ved at lave din fil. Der er meget, så det kan tage lidt tid. "
                        "Du får besked, når den er klar, og linket kommer her på siden."),
                      "success")
                return redirect(url_for("privacy.export_data"))
    stored = downloads.current(current_actor())
    return render_template("privacy/export.html", form=form, stored=stored,
                           link=downloads.link_token(stored) if stored and stored.ready
                           else None), _status(form)


def _zip_response(content: bytes) -> Response:
    return Response(content, mimetype="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="borgernet-data.zip"',
                             "Cache-Control": "no-store"})


REFUSED = {downloads.Refusal.BROKEN: 404, downloads.Refusal.EXPIRED: 410,
           downloads.Refusal.NOT_YOURS: 403}


@bp.route("/profil/data/hent/<token>")
@login_required
def download_export(token: str):
    """A stored export, for its owner only; a plain message when the link cannot be used."""
    authorize(rules.can_export_own_data(current_actor()))
    found = downloads.find(token, current_actor())
    if isinstance(found, downloads.Refusal):
        return render_template("privacy/download_refused.html", refusal=found.value), (
            REFUSED[found])
    if not found.ready:
        return render_template("privacy/download_refused.html", refusal="not-ready"), 202
    return _zip_response(found.content)


@bp.route("/profil/slet", methods=["GET", "POST"])
@login_required
@limiter.limit(limit("LIMIT_PRIVACY"), methods=["POST"], key_func=user_key)
def delete_profile():
    authorize(rules.can_delete_own_profile(current_actor()))
    form = DeleteProfileForm()
    if form.validate_on_submit():
        written = write(form, lambda: deletion.delete_profile(
            current_actor(), form.password.data, bool(form.erase_text.data)))
        if written:
            logout_user()
            session.clear()
            flash(_("Din profil er slettet. Tak, fordi du var med."), "success")
            return redirect(url_for("pages.home"))
    return render_template("privacy/delete.html", form=form), _status(form)
