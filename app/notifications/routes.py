"""Thin views: the list behind the bell, opening one, marking read, following and muting, the
delivery settings, and the one-click unsubscribe from a mail."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.authz import authorize, current_actor, holds_staff_role
from app.core.db import commit
from app.core.edge import write
from app.core.forms import EmptyForm
from app.core.pagination import parse_cursor
from app.core.security import safe_next_url
from app.core.vocabulary import registered
from app.extensions import csrf
from app.notifications import bp, mailing, queries, rules, services
from app.notifications.forms import FollowForm, SettingsForm
from app.notifications.models import FollowTarget
from app.notifications.topics import TOPICS


@bp.route("/beskeder")
@login_required
def list_notifications():
    page = queries.notification_page(current_user, parse_cursor(request.args.get("foer")))
    return render_template("notifications/list.html", page=page,
                           shown=queries.describe(current_user, page.items), form=EmptyForm())


@bp.route("/beskeder/<id:notification_id>")
@login_required
def open_notification(notification_id: int):
    """Open what a notification is about, and mark it read (the one write of this GET: the
    mailed links are plain links)."""
    notification = queries.own_notification(current_user, notification_id) or abort(404)
    [shown] = queries.describe(current_user, [notification])
    kind = registered().get(notification.event.kind)
    target = kind.url(notification.event) if kind is not None and shown.visible else None
    services.mark_read(current_actor(), notification)
    commit()
    if target is None:
        flash(_("Det, beskeden handler om, kan du ikke se længere."), "info")
        return redirect(url_for("notifications.list_notifications"))
    return redirect(target)


@bp.route("/beskeder/<id:notification_id>/laest", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    notification = queries.own_notification(current_user, notification_id) or abort(404)
    authorize(rules.can_read_notification(current_user, notification))
    if EmptyForm().validate_on_submit():
        write(None, lambda: services.mark_read(current_actor(), notification))
    return redirect(url_for("notifications.list_notifications"))


@bp.route("/beskeder/laest", methods=["POST"])
@login_required
def mark_all_read():
    if EmptyForm().validate_on_submit() and write(
            None, lambda: services.mark_all_read(current_actor())):
        flash(_("Alle beskeder er markeret som læst."), "success")
    return redirect(url_for("notifications.list_notifications"))


def _topics_for(user):
    return [topic for topic in TOPICS if not topic.staff or holds_staff_role(user)]


@bp.route("/beskeder/indstillinger", methods=["GET", "POST"])
@login_required
def settings():
    topics = _topics_for(current_user)
    chosen = services.choices(current_user.id)
    data = {key: delivery.value for key, delivery in chosen.items()}
    form = SettingsForm(data={**data, "show_titles": services.shows_titles(current_user.id)}
                        if request.method == "GET" else None)
    if form.validate_on_submit() and write(form, lambda: services.set_choices(
            current_actor(), {topic.key: form[topic.key].data for topic in topics},
            form.show_titles.data)):
        flash(_("Dine valg er gemt."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form, topics=topics), (
        422 if request.method == "POST" else 200)


@bp.route("/foelg/<target>/<id:target_id>", methods=["POST"])
@login_required
def follow(target: str, target_id: int):
    """Follow, mute, or go back to the ordinary rules for a network, thread or proposal."""
    kind = next((t for t in FollowTarget if t.value == target), None) or abort(404)
    authorize(rules.can_follow(current_user, kind, target_id))
    form = FollowForm()
    if form.validate_on_submit() and write(None, lambda: services.set_follow(
            current_actor(), kind, target_id, form.choice.data)):
        flash({"follow": _("Du følger nu med og får besked om nyt."),
               "mute": _("Du får ikke længere beskeder om det her."),
               "default": _("Du får beskeder som normalt.")}[form.choice.data], "success")
    return redirect(safe_next_url(form.next.data, url_for("pages.home")))


@bp.route("/afmeld/<token>")
def unsubscribe_page(token: str):
    found = mailing.read_unsubscribe_token(token) or abort(404)
    topics = [topic for topic in TOPICS if topic.key in found[1]]
    return render_template("notifications/unsubscribe.html", token=token, topics=topics,
                           done=False)


@bp.route("/afmeld/<token>", methods=["POST"])
@csrf.exempt  # the signed token is the proof; mail programs post here with one click (RFC 8058)
def unsubscribe(token: str):
    found = mailing.read_unsubscribe_token(token) or abort(404)
    user_id, keys = found
    write(None, lambda: services.unsubscribe(user_id, keys))
    topics = [topic for topic in TOPICS if topic.key in keys]
    return render_template("notifications/unsubscribe.html", token=token, topics=topics,
                           done=True)
