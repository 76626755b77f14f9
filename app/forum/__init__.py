from flask import Blueprint

bp = Blueprint("forum", __name__)

from app.forum import routes  # noqa: E402,F401
from app.forum.cards import PostCards  # noqa: E402

bp.add_app_template_global(PostCards, "post_cards")
