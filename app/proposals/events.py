"""What the proposals feature records in the event log. create_app registers ``KINDS``
(app.core.vocabulary)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from app.core.vocabulary import EventKind


def proposal_link(row) -> str | None:
    """The page of the proposal an event or audit entry is about."""
    return url_for("proposals.show_proposal", proposal_id=row.proposal_id) if row.proposal_id else None


CREATED = EventKind("proposal.created", _l("Forslag oprettet"), link=proposal_link)
COAUTHOR_INVITED = EventKind("proposal.coauthor_invited", _l("Inviteret som medforfatter"),
                             link=proposal_link)
COAUTHOR_ACCEPTED = EventKind("proposal.coauthor_accepted", _l("Medforfatter sagde ja"),
                              link=proposal_link)
COAUTHOR_DECLINED = EventKind("proposal.coauthor_declined", _l("Medforfatter sagde nej"),
                              link=proposal_link)
WITHDRAWN = EventKind("proposal.withdrawn", _l("Forslag trukket tilbage"), link=proposal_link)
VOTING_OPENED = EventKind("proposal.voting_opened", _l("Afstemning åbnet"), link=proposal_link)
VOTING_CLOSED = EventKind("proposal.voting_closed", _l("Afstemning lukket"), link=proposal_link)

KINDS = (CREATED, COAUTHOR_INVITED, COAUTHOR_ACCEPTED, COAUTHOR_DECLINED, WITHDRAWN,
         VOTING_OPENED, VOTING_CLOSED)
