from flask import Blueprint

bp = Blueprint("moderation", __name__)

from app.moderation import routes, staff_routes  # noqa: E402,F401


def init_app(app) -> None:
    """Templates build a moderation target with ``mod_target('post', post)``."""
    from app.moderation.targets import Target, target_of

    app.jinja_env.globals["mod_target"] = Target
    app.jinja_env.globals["mod_target_of"] = target_of
    app.jinja_env.globals["open_reports_count"] = open_reports_count


def open_reports_count(user) -> int:
    """New reports waiting for this person, shown in the menu: moderators are told at once."""
    from app.moderation.queries import open_reports_for

    if not getattr(user, "is_authenticated", False):
        return 0
    return open_reports_for(user)
