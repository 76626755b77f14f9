"""Anonymous satisfaction surveys: set-up, invitation codes, answering, published results."""

from flask import Blueprint

bp = Blueprint("surveys", __name__)

from app.surveys import admin_routes, follow_up_routes, routes  # noqa: E402,F401
