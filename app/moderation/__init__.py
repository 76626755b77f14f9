from flask import Blueprint

bp = Blueprint("moderation", __name__)

from app.moderation import routes, staff_routes  # noqa: E402,F401


def init_app(app) -> None:  # noqa: ANN001
    """Templates build a moderation target with ``mod_target('post', post)``."""
    from app.moderation.targets import Target, target_of

    app.jinja_env.globals["mod_target"] = Target
    app.jinja_env.globals["mod_target_of"] = target_of
    app.jinja_env.globals["open_reports_count"] = open_reports_count
    app.jinja_env.globals["target_url"] = target_url


def target_url(key: str | None) -> str | None:
    """The page of a moderation target given as "post:12" (used in messages to members)."""
    from flask import url_for

    from app.moderation.targets import parse_key

    parsed = parse_key(key or "")
    if parsed is None:
        return None
    kind, target_id = parsed
    endpoint = {"post": ("forum.show_post", "post_id"), "thread": ("forum.show_thread", "thread_id"),
                "proposal": ("proposals.show_proposal", "proposal_id"),
                "comment": ("proposals.show_comment", "comment_id")}[kind]
    return url_for(endpoint[0], **{endpoint[1]: target_id})


def open_reports_count(user) -> int:  # noqa: ANN001
    """New reports waiting for this person, shown in the menu: moderators are told at once."""
    from app.moderation.queries import open_reports_for

    if not getattr(user, "is_authenticated", False):
        return 0
    return open_reports_for(user)
