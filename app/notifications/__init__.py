"""Notifications: what happened to a person, in the app (the bell and the list) and by
content-free e-mail (at once, or a daily or weekly digest), with following and muting.

It sits on top of the features: it reads the events they record (app.core.events) and
turns each into notifications for the people it concerns. No feature imports it.
"""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from app.notifications import routes  # noqa: E402,F401
