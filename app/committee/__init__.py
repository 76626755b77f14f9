"""The municipality's employment committee: forwarding passed proposals, the dossier, the
official answers and the public clock on them. It uses proposals, never the reverse."""

from flask import Blueprint

bp = Blueprint("committee", __name__)

from app.committee import routes  # noqa: E402,F401
