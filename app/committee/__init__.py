"""The municipality's employment committee: forwarding passed proposals, the dossier, the
official answers and the public clock on them. It uses proposals, never the reverse."""

from flask import Blueprint

# cli_group=None: the commands are top-level (`flask remind-committee`).
bp = Blueprint("committee", __name__, cli_group=None)

from app.committee import cli, routes  # noqa: E402,F401
