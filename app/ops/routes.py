"""Health checks for the load balancer."""

from __future__ import annotations

from flask import jsonify
from sqlalchemy import text

from app.extensions import db
from app.ops import bp


@bp.route("/healthz")
def healthz():
    """The process is up."""
    return jsonify(status="ok")


@bp.route("/readyz")
def readyz():
    """The database answers."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:
        db.session.rollback()
        return jsonify(status="unavailable", database=False), 503
    return jsonify(status="ok", database=True)
