"""Public pages: the front page, guidelines, terms, privacy, accessibility, language."""

from __future__ import annotations

from flask import abort, redirect, render_template, session, url_for
from flask_login import current_user

from app.accounts.services import set_locale
from app.core.authz import current_actor
from app.core.edge import write
from app.core.security import safe_next_url
from app.home.queries import front_page, municipalities_to_join
from app.pages import bp
from app.pages.forms import LanguageForm

INFO_PAGES = {
    "retningslinjer": "pages/guidelines.html",
    "vilkaar": "pages/terms.html",
    "privatliv": "pages/privacy.html",
    "tilgaengelighed": "pages/accessibility.html",
    "kontakt": "pages/contact.html",
}


@bp.route("/")
def home():
    """A visitor's front page; a signed-in person's own (app/home)."""
    if current_user.is_authenticated:
        page = front_page(current_user)
        return render_template("pages/personal.html", page=page,
                               municipalities=[] if page.networks else municipalities_to_join())
    return render_template("pages/home.html", municipalities=municipalities_to_join())


@bp.route("/om/<slug>")
def info(slug: str):
    template = INFO_PAGES.get(slug)
    if template is None:
        abort(404)
    return render_template(template)


@bp.route("/sprog", methods=["POST"])
def set_language():
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    session["locale"] = form.locale.data
    if current_user.is_authenticated:
        write(None, lambda: set_locale(current_actor(), form.locale.data))
    return redirect(safe_next_url(form.next.data, url_for("pages.home")))
