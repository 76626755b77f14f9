"""A person's own data: download all of it (export) and delete the profile (deletion).

It sits on top of the features, like app/notifications: the export reads every feature's
tables and the deletion reaches every row that refers to the person, so no feature imports it.
"""

from flask import Blueprint

bp = Blueprint("privacy", __name__, url_prefix="/konto")

from app.privacy import routes  # noqa: E402,F401
