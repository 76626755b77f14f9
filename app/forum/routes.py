"""Forum pages: a network's threads, a thread, writing, editing, deleting, "genkender det"."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.limits import limit, user_key
from app.core.authz import authorize, current_actor, found_or_404
from app.core.edge import write
from app.core.guarded import guarded_write
from app.core.pagination import parse_cursor
from app.core.sanitize import quote_markdown, render_user_markdown, split_quote
from app.core.security import safe_next_url
from app.extensions import limiter
from app.forum import bp, queries, reading, rules, services
from app.forum.forms import EditPostForm, PostForm, ThreadForm
from app.networks import rules as network_rules
from app.networks.loaders import network_or_404


def _thread_or_404(thread_id: int):
    return found_or_404(queries.thread_by_id(thread_id), rules.can_view_thread)


def _post_or_404(post_id: int):
    return found_or_404(queries.post_by_id(post_id),
                        lambda user, post: rules.can_view_thread(user, post.thread))


def post_url(post) -> str:
    """The thread page that starts at this post, scrolled to it."""
    return url_for("forum.show_thread", thread_id=post.thread_id, fra=post.id) + f"#post-{post.id}"


@bp.route("/kommuner/<municipality_slug>/<network_slug>/")
def show_network(municipality_slug: str, network_slug: str):
    network = network_or_404(municipality_slug, network_slug)
    visible = network_rules.can_view_content(current_user, network)
    moderator = rules.can_see_hidden(current_user, network)
    pinned = queries.pinned_threads(network, moderator) if visible else []
    page = (queries.thread_list(network, parse_cursor(request.args.get("efter")), moderator)
            if visible else None)
    membership = network_rules.membership_of(current_user, network)
    member = network_rules.is_member(current_user, network)
    unread = (reading.unread_thread_ids(current_user, [*pinned, *page.items],
                                        membership.joined_at if member else None)
              if visible else set())
    if member:
        reading.mark_network_visited(current_user, network.id)
    return render_template("forum/network.html", network=network, visible=visible, pinned=pinned,
                           page=page, first_page=request.args.get("efter") is None,
                           membership=membership, unread=unread)


@bp.route("/kommuner/<municipality_slug>/<network_slug>/ny-traad", methods=["GET", "POST"])
@limiter.limit(limit("LIMIT_NEW_THREAD"), methods=["POST"], key_func=user_key)
def new_thread(municipality_slug: str, network_slug: str):
    network = network_or_404(municipality_slug, network_slug)
    authorize(rules.can_start_thread(current_user, network))
    form = ThreadForm()
    done = guarded_write(form, ("title", "body"), lambda verdict: services.start_thread_once(
        current_actor(), network, form.title.data, form.body.data, form.submission_key.data,
        verdict))
    if done:
        done.saved(_("Din tråd er oprettet."))
        return redirect(done.land(url_for("forum.show_thread", thread_id=done.value[0].id)))
    return render_template("forum/new_thread.html", form=form, network=network,
                           preview=done.shown, guard=done.review), done.status


@bp.route("/traade/<id:thread_id>")
def show_thread(thread_id: int):
    thread = _thread_or_404(thread_id)
    page = queries.thread_posts(thread, start=parse_cursor(request.args.get("fra")),
                                before=parse_cursor(request.args.get("foer")),
                                after=parse_cursor(request.args.get("efter")))
    can_reply = rules.can_reply(current_user, thread)
    reading.mark_thread_read(current_user, thread.id, max((p.id for p in page.items), default=None))
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
    quoted = queries.post_by_id(quoted_id) if quoted_id else None
    if (quoted is None or quoted.thread_id != thread.id or quoted.is_deleted
            or quoted.is_hidden):
        quoted = None
    # The quote is shown above the box, not as Markdown in it; it is put before the reply
    # when the reply is saved (the post id travels in the form's address).
    quote = quote_markdown(quoted.body, quoted.author.pseudonym if quoted.author else _(
        "Slettet bruger")) if quoted is not None else ""
    done = guarded_write(form, ("body",), lambda verdict: services.reply_once(
        current_actor(), thread, quote + form.body.data, form.submission_key.data, verdict,
        quoted))
    if done:
        post = done.value[0]
        done.saved(_("Dit svar er sendt."), text_url=f"#post-{post.id}")
        return redirect(done.land(url_for("forum.show_thread", thread_id=thread.id,
                                          foer=post.id + 1), f"post-{post.id}"))
    return render_template("forum/reply.html", form=form, thread=thread, network=thread.network,
                           preview=done.shown, guard=done.review, quoted=quoted,
                           quote_html=render_user_markdown(quote) if quote else ""), done.status


@bp.route("/indlaeg/<id:post_id>")
def show_post(post_id: int):
    post = _post_or_404(post_id)
    return redirect(post_url(post))


@bp.route("/indlaeg/<id:post_id>/rediger", methods=["GET", "POST"])
@limiter.limit(limit("LIMIT_REPLY"), methods=["POST"], key_func=user_key)
def edit_post(post_id: int):
    post = _post_or_404(post_id)
    authorize(rules.can_edit_post(current_user, post))
    quote, written = split_quote(post.body)  # the quote stays as it is, above the box
    form = EditPostForm(data={"body": written} if request.method == "GET" else None)
    done = guarded_write(form, ("body",), lambda verdict: services.edit_post(
        current_actor(), post, quote + form.body.data, verdict))
    if done:
        done.saved(_("Dit indlæg er rettet."), text_url=f"#post-{post.id}")
        return redirect(done.land(post_url(post).split("#")[0], f"post-{post.id}"))
    return render_template("forum/edit_post.html", form=form, post=post, thread=post.thread,
                           network=post.thread.network, preview=done.shown, guard=done.review,
                           quote_html=render_user_markdown(quote) if quote else ""), done.status


@bp.route("/indlaeg/<id:post_id>/slet", methods=["GET", "POST"])
def delete_post(post_id: int):
    """GET asks first, on a page of its own (no JavaScript needed); POST deletes."""
    post = _post_or_404(post_id)
    authorize(rules.can_delete_post(current_user, post))
    if request.method == "GET":
        return render_template("forum/delete_post.html", post=post, thread=post.thread,
                               network=post.thread.network, back=post_url(post))
    if write(None, lambda: services.delete_post(current_actor(), post)):
        flash(_("Indlægget er slettet. Der står nu en besked om det i tråden."), "success")
    return redirect(post_url(post))


@bp.route("/indlaeg/<id:post_id>/genkender", methods=["POST"])
@limiter.limit(limit("LIMIT_REACT"), methods=["POST"], key_func=user_key)
def react(post_id: int):
    post = _post_or_404(post_id)
    authorize(rules.can_react(current_user, post))
    write(None, lambda: services.toggle_reaction(current_actor(), post))
    target = safe_next_url(request.form.get("next"), post_url(post).split("#")[0])
    return redirect(f"{target}#post-{post.id}")
