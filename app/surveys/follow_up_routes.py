"""The committee's side of "Du sagde — vi gjorde": the closed periods with their clocks, and
one page per period with its published findings and the form for the public answer.

Committee members of the municipality answer; an admin may answer on the committee's behalf.
Like every staff tool, the pages need two-factor log-in.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.core.authz import authorize, current_actor, require_second_factor
from app.core.edge import write
from app.networks.models import BENEFIT_GROUP_LABELS
from app.surveys import bp, queries, rules
from app.surveys.follow_up import page_context, publish_follow_up
from app.surveys.forms import FollowUpForm
from app.surveys.questions import CHANNELS
from app.surveys.services import today


def _published(municipality_slug: str):
    """The municipality's published results, for those who may answer them."""
    found = queries.published(municipality_slug)
    if found is None:
        abort(404)
    if current_user.is_authenticated:
        authorize(rules.can_follow_up(current_user, found[0].municipality))
    return found


@bp.route("/udvalg/<municipality_slug>/tilfredshed")
def follow_up_list(municipality_slug: str):
    found, publication = _published(municipality_slug)
    return require_second_factor() or render_template(
        "surveys/follow_up/list.html", municipality=found.municipality,
        periods=list(reversed(publication.periods)), **page_context(found.survey, found.follow_ups, today()))


@bp.route("/udvalg/<municipality_slug>/tilfredshed/<period>", methods=["GET", "POST"])
def follow_up_period(municipality_slug: str, period: str):
    found, publication = _published(municipality_slug)
    if (redirected := require_second_factor()) is not None:
        return redirected
    if period not in publication.periods:
        abort(404)
    form = FollowUpForm()
    if form.validate_on_submit() and write(form, lambda: publish_follow_up(
            current_actor(), found.survey, period, form.text.data, today())):
        flash(_("Svaret er offentliggjort på siden med resultaterne."), "success")
        return redirect(url_for("surveys.follow_up_period", municipality_slug=municipality_slug,
                                period=period))
    return render_template(
        "surveys/follow_up/period.html", municipality=found.municipality,
        publication=publication, period=period, chosen=period, form=form,
        group_labels={group.value: label for group, label in BENEFIT_GROUP_LABELS.items()},
        channel_labels=dict(CHANNELS), **page_context(found.survey, found.follow_ups, today())), (
        422 if request.method == "POST" else 200)
