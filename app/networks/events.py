"""What the networks record for notifications: a moderator's decision on a request to join a
members-only network. create_app registers ``KINDS`` (app.core.vocabulary)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.core.vocabulary import EventKind


def network_link(row) -> str | None:
    data = getattr(row, "data", None) or {}
    if not data.get("municipality_slug"):
        return None
    return url_for("forum.show_network", municipality_slug=data["municipality_slug"],
                   network_slug=data["network_slug"])


MEMBERSHIP_APPROVED = EventKind("networks.membership_approved",
                                _l("Du er godkendt som medlem"), link=network_link)
MEMBERSHIP_DECLINED = EventKind("networks.membership_declined",
                                _l("Din anmodning om at blive medlem er afvist"))

# An admin's change of a network's settings (quorum, join policy, visibility): an audit entry.
SETTINGS_CHANGED = EventKind("networks.settings_changed", _l("Netværkets indstillinger er ændret"))

KINDS = (MEMBERSHIP_APPROVED, MEMBERSHIP_DECLINED, SETTINGS_CHANGED)
