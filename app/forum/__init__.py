from flask import Blueprint

bp = Blueprint("forum", __name__)

from app.forum import routes  # noqa: E402,F401
from app.forum.cards import PostCards, ThreadRows, blank_reply_form  # noqa: E402

bp.add_app_template_global(PostCards, "post_cards")
bp.add_app_template_global(ThreadRows, "thread_rows")
bp.add_app_template_global(blank_reply_form, "blank_reply_form")
