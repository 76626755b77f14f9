"""A municipality's networks, joining and leaving, and the member lists."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.limits import limit, user_key
from app.accounts.rules import is_signed_in
from app.core.authz import authorize, current_actor
from app.core.edge import write
from app.core.pagination import parse_cursor
from app.extensions import limiter
from app.networks import bp, queries, rules, services
from app.networks.loaders import municipality_or_404, network_or_404
from app.networks.models import MembershipStatus


def _network_url(network) -> str:
    return url_for("forum.show_network", municipality_slug=network.municipality.slug,
                   network_slug=network.slug)



@bp.route("/kommuner/<municipality_slug>/")
def list_networks(municipality_slug: str):
    municipality = municipality_or_404(municipality_slug)
    networks = sorted(municipality.networks, key=lambda n: n.benefit_group.label)
    return render_template("networks/list.html", municipality=municipality, networks=networks)


@bp.route("/kommuner/<municipality_slug>/<network_slug>/bliv-medlem", methods=["POST"])
@limiter.limit(limit("LIMIT_JOIN"), methods=["POST"], key_func=user_key)
def join_network(municipality_slug: str, network_slug: str):
    network = network_or_404(municipality_slug, network_slug)
    # Someone already a member (or waiting) gets the service's plain message, not a bare 403.
    authorize(is_signed_in(current_user))
    if write(None, lambda: services.join_network(current_actor(), network)):
        if network.needs_approval:
            flash(_("Tak. En moderator ser på din anmodning. Du får besked, når du er godkendt."),
                  "info")
        else:
            flash(_("Velkommen i netværket %(name)s.", name=network.benefit_group.label),
                  "success")
    return redirect(_network_url(network))


@bp.route("/kommuner/<municipality_slug>/<network_slug>/forlad", methods=["POST"])
def leave_network(municipality_slug: str, network_slug: str):
    network = network_or_404(municipality_slug, network_slug)
    authorize(rules.can_leave(current_user, network))
    if write(None, lambda: services.leave_network(current_actor(), network)):
        flash(_("Du er ikke længere medlem af netværket."), "success")
    return redirect(_network_url(network))


@bp.route("/kommuner/<municipality_slug>/<network_slug>/medlemmer")
def list_members(municipality_slug: str, network_slug: str):
    network = network_or_404(municipality_slug, network_slug)
    authorize(rules.can_see_members(current_user, network))
    page = queries.members(network, MembershipStatus.ACTIVE, parse_cursor(request.args.get("efter")))
    pending = (queries.members(network, MembershipStatus.PENDING, None)
               if rules.can_manage_members(current_user, network) else None)
    return render_template("networks/members.html", network=network, page=page, pending=pending)


@bp.route("/kommuner/<municipality_slug>/<network_slug>/medlemmer/<id:membership_id>/<decision>",
          methods=["POST"])
def decide_member(municipality_slug: str, network_slug: str, membership_id: int, decision: str):
    network = network_or_404(municipality_slug, network_slug)
    authorize(rules.can_manage_members(current_user, network))
    membership = queries.membership_in(network, membership_id)
    if membership is None or decision not in ("godkend", "afvis"):
        abort(404)
    approve = decision == "godkend"
    if write(None, lambda: services.decide_pending(membership, approve, current_actor())):
        flash(_("%(name)s er godkendt som medlem.", name=membership.user.pseudonym) if approve
              else _("Anmodningen fra %(name)s er afvist.", name=membership.user.pseudonym),
              "success")
    return redirect(url_for("networks.list_members", municipality_slug=municipality_slug,
                            network_slug=network_slug))
