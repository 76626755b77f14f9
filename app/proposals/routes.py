"""Proposal pages: lists, top proposals, the proposal itself, drafting together, comments."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.limits import limit, user_key
from app.accounts.services import find_by_pseudonym
from app.core.authz import authorize, current_actor, found_or_404
from app.core.db import READ_METHODS
from app.core.edge import write
from app.core.forms import parse_date
from app.core.guarded import guarded_write
from app.core.pagination import parse_cursor
from app.core.readability import lix
from app.core.templating import OnDemand
from app.extensions import limiter
from app.networks.loaders import municipality_or_404, network_or_404
from app.networks.rules import can_moderate, can_view_content
from app.proposals import bp, queries, rules, services
from app.proposals.diff import render_side, word_changes
from app.proposals.forms import (
    CommentForm,
    InviteForm,
    NewProposalForm,
    OpenVotingForm,
    ProposalForm,
    VoteForm,
)
from app.proposals.models import ProposalState

TEXT_FIELDS = ("title", "summary", "problem", "action", "impact")
GUARDED_FIELDS = (*TEXT_FIELDS, "message")  # every free text the proposal form sends


def proposal_or_404(proposal_id: int):
    """The proposal, if this person may see it. A page shows a vote whose deadline passed as
    closed and writes nothing; a write first closes it (its own unit of work, committed even
    when the person's action is then refused), so it never acts on an overdue vote."""
    proposal = found_or_404(queries.proposal_by_id(proposal_id), rules.can_view_proposal)
    if request.method in READ_METHODS:
        return queries.as_shown([proposal])[0]
    if proposal.vote_is_over:
        write(None, lambda: services.close_if_over(proposal))
    return proposal


def proposal_url(proposal, anchor: str = "") -> str:
    return url_for("proposals.show_proposal", proposal_id=proposal.id) + (
        f"#{anchor}" if anchor else "")


def _text(form) -> services.ProposalText:
    return services.ProposalText(**{name: getattr(form, name).data for name in TEXT_FIELDS})


def _readability(form):
    return lix(" ".join((getattr(form, name).data or "") + "." for name in TEXT_FIELDS[1:]))


@bp.route("/kommuner/<municipality_slug>/<network_slug>/forslag")
def list_proposals(municipality_slug: str, network_slug: str):
    network = network_or_404(municipality_slug, network_slug)
    authorize(can_view_content(current_user, network), hide=True)
    state = next((s for s in ProposalState if s.value == request.args.get("status")), None)
    page = queries.network_proposals(network, state, parse_cursor(request.args.get("foer")),
                                     include_hidden=can_moderate(current_user, network))
    page = replace(page, items=queries.as_shown(page.items))
    return render_template("proposals/list.html", network=network, page=page, state=state,
                           states=list(ProposalState), turnout=queries.live_turnout(page.items))


def _period(args) -> tuple[datetime, datetime, str]:
    """This month, this quarter, or a custom range (fra/til as the browser sends a date,
    2026-01-31, or as a person types it, 31.01.2026)."""
    today = date.today()
    chosen = args.get("periode", "maaned")
    if chosen == "kvartal":
        start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    elif chosen == "valgt":
        start, last = parse_date(args.get("fra")), parse_date(args.get("til"))
        if start is None or last is None or last == date.max:  # no day after 9999-12-31
            flash(_("Skriv datoerne som dag, måned og år, for eksempel 31.01.2026."), "error")
            return _period({"periode": "maaned"})
        end = last + timedelta(days=1)
        if end <= start:
            flash(_("Slutdatoen skal være efter startdatoen."), "error")
            return _period({"periode": "maaned"})
        return (datetime.combine(start, datetime.min.time(), UTC),
                datetime.combine(end, datetime.min.time(), UTC), chosen)
    else:
        chosen, start = "maaned", today.replace(day=1)
    return datetime.combine(start, datetime.min.time(), UTC), datetime.now(UTC) + timedelta(
        seconds=1), chosen


@bp.route("/kommuner/<municipality_slug>/forslag/top")
@bp.route("/kommuner/<municipality_slug>/<network_slug>/forslag/top")
def top_proposals(municipality_slug: str, network_slug: str | None = None):
    municipality = municipality_or_404(municipality_slug)
    network = network_or_404(municipality_slug, network_slug) if network_slug else None
    start, end, period = _period(request.args)
    scope = {"network": network, "municipality_id": municipality.id, "reader": current_user}
    proposals = queries.top_proposals(start, end, **scope)
    earlier = None  # the current period is empty: the latest month that has passed proposals
    if not proposals and period != "valgt":
        latest = queries.latest_ranked_close_before(start, **scope)
        if latest is not None:
            month = latest.replace(day=1, hour=0, minute=0, second=0, microsecond=0,
                                   tzinfo=latest.tzinfo or UTC)
            following = (month + timedelta(days=32)).replace(day=1)
            proposals = queries.top_proposals(month, following, **scope)
            earlier = month
    return render_template("proposals/top.html", municipality=municipality, network=network,
                           proposals=proposals, period=period, start=start, end=end,
                           args=request.args, earlier=earlier)


@bp.route("/kommuner/<municipality_slug>/<network_slug>/forslag/nyt", methods=["GET", "POST"])
@limiter.limit(limit("LIMIT_NEW_THREAD"), methods=["POST"], key_func=user_key)
def new_proposal(municipality_slug: str, network_slug: str):
    network = network_or_404(municipality_slug, network_slug)
    authorize(rules.can_create_proposal(current_user, network))
    form = NewProposalForm()
    done = guarded_write(form, GUARDED_FIELDS, lambda verdict: services.create_proposal_once(
        current_actor(), network, _text(form), form.submission_key.data, verdict),
        look=_readability)
    if done:
        done.saved(_("Dit forslag er gemt som udkast. Inviter gerne andre til at skrive med."))
        return redirect(done.land(proposal_url(done.value[0])))
    return render_template("proposals/edit.html", form=form, network=network, proposal=None,
                           readability=done.shown, guard=done.review), done.status


@bp.route("/forslag/<id:proposal_id>")
def show_proposal(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    return render_template(
        "proposals/show.html", proposal=proposal, network=proposal.network,
        authors=queries.authors(proposal),
        turnout=queries.live_turnout([proposal]).get(proposal.id),
        my_vote=services.my_vote(current_user, proposal),
        vote_blocker=rules.vote_blocker(current_user, proposal),
        comments=queries.comments(proposal, parse_cursor(request.args.get("efter"))),
        # Most readers see none of these; the template makes the ones it shows.
        shown=OnDemand(vote_form=VoteForm, open_form=OpenVotingForm, invite_form=InviteForm,
                       comment_form=CommentForm, readability=lambda: lix(" ".join(
                           [proposal.summary + ".", proposal.problem, proposal.action,
                            proposal.impact]))))


@bp.route("/forslag/<id:proposal_id>/rediger", methods=["GET", "POST"])
def edit_proposal(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    authorize(rules.can_edit_proposal(current_user, proposal))
    if proposal.text_frozen:
        flash(_("Teksten kan ikke ændres, når afstemningen er åbnet."), "error")
        return redirect(proposal_url(proposal))
    form = ProposalForm(obj=proposal if request.method == "GET" else None)
    done = guarded_write(form, GUARDED_FIELDS, lambda verdict: services.save_revision(
        current_actor(), proposal, _text(form), form.message.data or "", verdict),
        look=_readability)
    if done:
        if done.value:
            done.saved(_("Dine ændringer er gemt som en ny version."))
            return redirect(done.land(proposal_url(proposal)))
        flash(_("Du har ikke ændret noget, så der er ikke gemt en ny version."), "info")
        return redirect(proposal_url(proposal))
    readability = _readability(form) if request.method == "GET" else done.shown
    return render_template("proposals/edit.html", form=form, network=proposal.network,
                           proposal=proposal, readability=readability, guard=done.review), (
        done.status)


@bp.route("/forslag/<id:proposal_id>/versioner")
def list_revisions(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    revisions = queries.revisions(proposal)
    old_number = parse_cursor(request.args.get("fra"))
    new_number = parse_cursor(request.args.get("til"))
    comparison = None
    if old_number and new_number:
        old, new = queries.revision(proposal, old_number), queries.revision(proposal, new_number)
        if old is None or new is None:
            flash(_("Den version findes ikke."), "error")
        else:
            comparison = {"old": old, "new": new, "fields": [
                (name, render_side(changes, "old"), render_side(changes, "new"))
                for name in TEXT_FIELDS
                for changes in [word_changes(getattr(old, name), getattr(new, name))]]}
    return render_template("proposals/revisions.html", proposal=proposal, network=proposal.network,
                           revisions=revisions, comparison=comparison)


@bp.route("/forslag/<id:proposal_id>/medforfattere", methods=["POST"])
@limiter.limit(limit("LIMIT_REPLY"), methods=["POST"], key_func=user_key)
def invite_coauthor(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    authorize(rules.can_invite_coauthor(current_user, proposal))
    form = InviteForm()
    if form.validate_on_submit():
        invitee = find_by_pseudonym(form.pseudonym.data)
        if write(None, lambda: services.invite_coauthor(current_actor(), proposal, invitee)):
            flash(_("%(name)s er inviteret som medforfatter.", name=invitee.pseudonym), "success")
    else:
        flash(_("Skriv pseudonymet på den, du vil invitere."), "error")
    return redirect(proposal_url(proposal, "forfattere"))


@bp.route("/forslag/<id:proposal_id>/invitation/<answer>", methods=["POST"])
def answer_invitation(proposal_id: int, answer: str):
    proposal = proposal_or_404(proposal_id)
    authorize(rules.can_respond_to_invitation(current_user, proposal))
    if answer not in ("ja", "nej"):
        abort(404)
    if write(None, lambda: services.respond_to_invitation(current_actor(), proposal, answer == "ja")):
        flash(_("Du er nu medforfatter og kan rette i forslaget.") if answer == "ja"
              else _("Du har sagt nej tak til invitationen."), "success")
    return redirect(proposal_url(proposal))


@bp.route("/forslag/<id:proposal_id>/traek-tilbage", methods=["GET", "POST"])
def withdraw_proposal(proposal_id: int):
    """GET asks first, on a page of its own (no JavaScript needed); POST withdraws."""
    proposal = proposal_or_404(proposal_id)
    authorize(rules.can_withdraw(current_user, proposal))
    if request.method == "GET":
        return render_template("proposals/withdraw.html", proposal=proposal,
                               network=proposal.network)
    if write(None, lambda: services.withdraw(current_actor(), proposal)):
        flash(_("Forslaget er trukket tilbage."), "success")
    return redirect(proposal_url(proposal))


@bp.route("/forslag/<id:proposal_id>/kommentarer", methods=["POST"])
@limiter.limit(limit("LIMIT_REPLY"), methods=["POST"], key_func=user_key)
def add_comment(proposal_id: int):
    proposal = proposal_or_404(proposal_id)
    authorize(rules.can_comment(current_user, proposal))
    form = CommentForm()
    done = guarded_write(form, ("body",), lambda verdict: services.add_comment_once(
        current_actor(), proposal, form.body.data, form.is_suggestion.data,
        form.submission_key.data, verdict))
    if done:
        done.saved(_("Din kommentar er sendt."), text_url="#kommentarer")
        return redirect(done.land(proposal_url(proposal), "kommentarer"))
    return render_template("proposals/comment_error.html", form=form, proposal=proposal,
                           network=proposal.network, guard=done.review), (
        200 if done.review and done.review.decision == "redacted" else 422)


@bp.route("/forslag/kommentarer/<id:comment_id>")
def show_comment(comment_id: int):
    """A link to one comment: the proposal page from that comment on, scrolled to it."""
    comment = queries.comment_by_id(comment_id)
    if comment is None:
        abort(404)
    proposal = proposal_or_404(comment.proposal_id)
    return redirect(url_for("proposals.show_proposal", proposal_id=proposal.id,
                            efter=comment.id - 1, _anchor=f"kommentar-{comment.id}"))


@bp.route("/forslag/kommentarer/<id:comment_id>/<decision>", methods=["POST"])
def decide_suggestion(comment_id: int, decision: str):
    comment = queries.comment_by_id(comment_id)
    if comment is None or decision not in ("indarbejdet", "afvist"):
        abort(404)
    proposal = proposal_or_404(comment.proposal_id)
    authorize(rules.can_decide_suggestion(current_user, proposal))
    if write(None, lambda: services.decide_suggestion(current_actor(), comment, decision == "indarbejdet")):
        flash(_("Ændringsforslaget er markeret som indarbejdet.") if decision == "indarbejdet"
              else _("Ændringsforslaget er markeret som ikke brugt."), "success")
    return redirect(proposal_url(proposal, f"kommentar-{comment.id}"))
