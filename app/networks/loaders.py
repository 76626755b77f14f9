"""Load a municipality or network named in the address, or answer 404."""

from __future__ import annotations

from flask import abort

from app.networks import queries
from app.networks.models import Municipality, Network


def municipality_or_404(municipality_slug: str) -> Municipality:
    municipality = queries.municipality_by_slug(municipality_slug)
    if municipality is None:
        abort(404)
    return municipality


def network_or_404(municipality_slug: str, network_slug: str) -> Network:
    network = queries.network_by_slugs(municipality_slug, network_slug)
    if network is None:
        abort(404)
    return network
