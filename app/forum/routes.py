"""Forum pages: a network's threads, a thread, writing, editing, deleting, "genkender det"."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.limits import limit, user_key
from app.core import guard
from app.core.authz import authorize
from app.core.forms import attempt as _save
from app.core.pagination import parse_cursor
from app.core.sanitize import quote_markdown, render_user_markdown
from app.core.security import safe_next_url
from app.extensions import limiter
from app.forum import bp, queries, rules, services
from app.forum.forms import EditPostForm, PostForm, ThreadForm
from app.networks import queries as network_queries
from app.networks import rules as network_rules


def _me():
    return current_user._get_current_object()


def _network_or_404(municipality_slug: str, network_slug: str):
    network = network_queries.network_by_slugs(municipality_slug, network_slug)
    if network is None:
        abort(404)
    return network


def _thread_or_404(thread_id: int):
    thread = queries.thread_by_id(thread_id)
    if thread is None:
        abort(404)
    authorize(rules.can_view_thread(current_user, thread), hide=True)
    return thread


def _post_or_404(post_id: int):
    post = queries.post_by_id(post_id)
    if post is None:
        abort(404)
    authorize(rules.can_view_thread(current_user, post.thread), hide=True)
    return post


def post_url(post) -> str:  # noqa: ANN001
    """The thread page that starts at this post, scrolled to it."""
    return url_for("forum.show_thread", thread_id=post.thread_id, fra=post.id) + f"#post-{post.id}"



def _alert(review: guard.Review, network_id: int, **target: object) -> None:
    """Inside the save: tell the network's moderators when the text signals a crisis."""
    guard.alert_if_crisis(review, _me(), network_id, **target)


def _offer_help(review: guard.Review) -> None:
    if review.crisis:
        flash(guard.crisis_help(), "warning")


@bp.route("/kommuner/<municipality_slug>/<network_slug>/")
def show_network(municipality_slug: str, network_slug: str):
    network = _network_or_404(municipality_slug, network_slug)
    visible = network_rules.can_view_content(current_user, network)
    moderator = rules.can_see_hidden(current_user, network)
    pinned = queries.pinned_threads(network, moderator) if visible else []
    page = (queries.thread_list(network, parse_cursor(request.args.get("efter")), moderator)
            if visible else None)
    return render_template("forum/network.html", network=network, visible=visible, pinned=pinned,
                           page=page, first_page=request.args.get("efter") is None,
                           membership=network_rules.membership_of(current_user, network))


@bp.route("/kommuner/<municipality_slug>/<network_slug>/ny-traad", methods=["GET", "POST"])
@limiter.limit(limit("LIMIT_NEW_THREAD"), methods=["POST"], key_func=user_key)
def new_thread(municipality_slug: str, network_slug: str):
    network = _network_or_404(municipality_slug, network_slug)
    authorize(rules.can_start_thread(current_user, network))
    form = ThreadForm()
    preview = review = None
    if form.validate_on_submit():
        if form.preview.data:
            preview = render_user_markdown(form.body.data)
        elif (review := guard.screen(form, ("title", "body"))).ok:
            created = {}

            def write() -> None:
                created["thread"], new = services.start_thread_once(
                    _me(), network, form.title.data, form.body.data, form.submission_key.data)
                if new:  # a resend of the same form alerts nobody twice
                    _alert(review, network.id, thread_id=created["thread"].id)

            if _save(form, write):
                flash(_("Din tråd er oprettet."), "success")
                _offer_help(review)
                return redirect(url_for("forum.show_thread", thread_id=created["thread"].id))
    status = 422 if form.errors else 200
    return render_template("forum/new_thread.html", form=form, network=network,
                           preview=preview, guard=review), status


@bp.route("/traade/<id:thread_id>")
def show_thread(thread_id: int):
    thread = _thread_or_404(thread_id)
    page = queries.thread_posts(thread, start=parse_cursor(request.args.get("fra")),
                                before=parse_cursor(request.args.get("foer")),
                                after=parse_cursor(request.args.get("efter")))
    can_reply = rules.can_reply(current_user, thread)
    return render_template("forum/thread.html", thread=thread, network=thread.network, page=page,
                           reacted=queries.reacted_post_ids(current_user, page.items),
                           rights=rules.PostRights(current_user, thread.network),
                           can_reply=can_reply)


@bp.route("/traade/<id:thread_id>/svar", methods=["GET", "POST"])
@limiter.limit(limit("LIMIT_REPLY"), methods=["POST"], key_func=user_key)
def reply(thread_id: int):
    thread = _thread_or_404(thread_id)
    authorize(rules.can_reply(current_user, thread))
    form = PostForm()
    quoted_id = parse_cursor(request.args.get("citer"))
    if request.method == "GET" and quoted_id:
        quoted = queries.post_by_id(quoted_id)
        if (quoted is not None and quoted.thread_id == thread.id and not quoted.is_deleted
                and not quoted.is_hidden):
            author = quoted.author.pseudonym if quoted.author else _("Slettet bruger")
            form.body.data = quote_markdown(quoted.body, author)
    preview = review = None
    if form.validate_on_submit():
        if form.preview.data:
            preview = render_user_markdown(form.body.data)
        elif (review := guard.screen(form, ("body",))).ok:
            created = {}

            def write() -> None:
                created["post"], new = services.reply_once(_me(), thread, form.body.data,
                                                           form.submission_key.data)
                if new:  # a resend of the same form alerts nobody twice
                    _alert(review, thread.network_id, thread_id=thread.id,
                           post_id=created["post"].id)

            if _save(form, write):
                flash(_("Dit svar er sendt."), "success")
                _offer_help(review)
                post = created["post"]
                return redirect(url_for("forum.show_thread", thread_id=thread.id,
                                        foer=post.id + 1) + f"#post-{post.id}")
    status = 422 if form.errors else 200
    return render_template("forum/reply.html", form=form, thread=thread, network=thread.network,
                           preview=preview, guard=review), status


@bp.route("/indlaeg/<id:post_id>")
def show_post(post_id: int):
    post = _post_or_404(post_id)
    return redirect(post_url(post))


@bp.route("/indlaeg/<id:post_id>/rediger", methods=["GET", "POST"])
@limiter.limit(limit("LIMIT_REPLY"), methods=["POST"], key_func=user_key)
def edit_post(post_id: int):
    post = _post_or_404(post_id)
    authorize(rules.can_edit_post(current_user, post))
    form = EditPostForm(data={"body": post.body} if request.method == "GET" else None)
    preview = review = None
    if form.validate_on_submit():
        if form.preview.data:
            preview = render_user_markdown(form.body.data)
        elif (review := guard.screen(form, ("body",))).ok:

            def write() -> None:
                changed = form.body.data != post.body
                services.edit_post(_me(), post, form.body.data)
                if changed:
                    _alert(review, post.thread.network_id, thread_id=post.thread_id,
                           post_id=post.id)

            if _save(form, write):
                flash(_("Dit indlæg er rettet."), "success")
                _offer_help(review)
                return redirect(post_url(post))
    status = 422 if form.errors else 200
    return render_template("forum/edit_post.html", form=form, post=post, thread=post.thread,
                           network=post.thread.network, preview=preview, guard=review), status


@bp.route("/indlaeg/<id:post_id>/slet", methods=["POST"])
def delete_post(post_id: int):
    post = _post_or_404(post_id)
    authorize(rules.can_delete_post(current_user, post))
    if _save(None, lambda: services.delete_post(_me(), post)):
        flash(_("Indlægget er slettet. Der står nu en besked om det i tråden."), "success")
    return redirect(post_url(post))


@bp.route("/indlaeg/<id:post_id>/genkender", methods=["POST"])
@limiter.limit(limit("LIMIT_REACT"), methods=["POST"], key_func=user_key)
def react(post_id: int):
    post = _post_or_404(post_id)
    authorize(rules.can_react(current_user, post))
    _save(None, lambda: services.toggle_reaction(_me(), post))
    target = safe_next_url(request.form.get("next"), post_url(post).split("#")[0])
    return redirect(f"{target}#post-{post.id}")
