"""Networks per benefit group: the municipality's list, joining and leaving, members."""

from flask import Blueprint

bp = Blueprint("networks", __name__)

from app.networks import routes  # noqa: E402,F401
