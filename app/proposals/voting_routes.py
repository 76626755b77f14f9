"""The vote: opening, casting or changing one's vote, closing."""

from __future__ import annotations

from flask import flash, redirect
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.limits import limit, user_key
from app.core.authz import authorize, current_actor
from app.core.edge import write
from app.extensions import limiter
from app.proposals import bp, rules, services
from app.proposals.forms import OpenVotingForm, VoteForm
from app.proposals.models import VoteValue
from app.proposals.routes import proposal_or_404, proposal_url


@bp.route("/forslag/<id:proposal_id>/afstemning/aabn", methods=["POST"])
def open_voting(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    authorize(rules.can_open_voting(current_user, proposal))
    form = OpenVotingForm()
    if not form.validate_on_submit():
        flash(form.days.errors[0] if form.days.errors else _("Vælg hvor mange dage."), "error")
    elif write(None, lambda: services.open_voting(current_actor(), proposal, form.days.data)):
        flash(_("Afstemningen er åbnet. Teksten kan ikke længere ændres."), "success")
    return redirect(proposal_url(proposal, "afstemning"))


@bp.route("/forslag/<id:proposal_id>/afstemning/luk", methods=["POST"])
def close_voting(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    authorize(rules.can_close_voting(current_user, proposal))
    if write(None, lambda: services.close_voting(proposal, actor=current_actor())):
        flash(_("Afstemningen er lukket."), "success")
    return redirect(proposal_url(proposal, "afstemning"))


@bp.route("/forslag/<id:proposal_id>/stem", methods=["POST"])
@limiter.limit(limit("LIMIT_VOTE"), methods=["POST"], key_func=user_key)
def vote(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    authorize(rules.eligibility_blocker(current_user, proposal) is None)
    form = VoteForm()
    back = proposal_url(proposal, "afstemning")  # before the commit expires the proposal
    if not form.validate_on_submit():
        flash(form.value.errors[0] if form.value.errors else _("Vælg din stemme."), "error")
    elif write(None, lambda: services.cast_vote(current_actor(), proposal, VoteValue(form.value.data))):
        flash(_("Tak. Din stemme er registreret. Du kan ændre den, indtil afstemningen slutter."),
              "success")
    return redirect(back)
