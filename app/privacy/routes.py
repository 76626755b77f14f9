"""Download all one's data, and delete one's profile: both from the profile page, both after
typing the password again."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import logout_user

from app.accounts.limits import limit, user_key
from app.accounts.services import require_current_password
from app.core.authz import authorize, current_actor, login_required
from app.core.edge import write
from app.core.errors import DomainError
from app.core.forms import apply_domain_error
from app.extensions import limiter
from app.privacy import bp, deletion, export, rules
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
            return Response(export.build_zip(current_actor()), mimetype="application/zip",
                            headers={"Content-Disposition":
                                     'attachment; filename="borgernet-data.zip"',
                                     "Cache-Control": "no-store"})
    return render_template("privacy/export.html", form=form), _status(form)


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
