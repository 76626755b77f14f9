"""Focus groups: invitations, volunteers, a transparent stratified lottery, seats, the
summary of themes, reminders with a calendar file, and the deletion of volunteers' data 30
days after the meeting. It sits above networks and proposals; nothing below imports it."""

from flask import Blueprint

# The commands: `flask focusgroups remind` and `flask focusgroups purge`.
bp = Blueprint("focusgroups", __name__, cli_group="focusgroups")

from app.focusgroups import cli, routes, staff_routes  # noqa: E402,F401
