"""Running Borgernet in production: health checks, logging, static files, outages, backups."""

from flask import Blueprint, Flask

bp = Blueprint("ops", __name__)

from app.ops import routes  # noqa: E402,F401


def init_app(app: Flask) -> None:
    """Request logs, fingerprinted static URLs and the database-outage page."""
    from app.ops import logs, outage, static

    logs.init_app(app)
    static.init_app(app)
    outage.init_app(app)
