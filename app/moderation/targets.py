"""A post, thread, proposal or proposal comment seen the same way by the moderation code."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.forum.models import Post, Thread
from app.networks.models import Network
from app.proposals.models import Proposal, ProposalComment

KINDS = {"post": Post, "thread": Thread, "proposal": Proposal, "comment": ProposalComment}


@dataclass(frozen=True)
class Target:
    kind: str
    obj: Post | Thread | Proposal | ProposalComment

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.obj.id}"

    @property
    def network(self) -> Network:
        if self.kind == "post":
            return self.obj.thread.network
        if self.kind == "comment":
            return self.obj.proposal.network
        return self.obj.network

    @property
    def author_id(self) -> int | None:
        return self.obj.creator_id if self.kind == "proposal" else self.obj.author_id

    @property
    def fk(self) -> dict[str, int]:
        return {f"{self.kind}_id": self.obj.id}

    @property
    def title(self) -> str:
        if self.kind == "post":
            return self.obj.thread.title
        if self.kind == "comment":
            return _("Kommentar til: %(title)s", title=self.obj.proposal.title)
        return self.obj.title

    @property
    def text(self) -> str:
        if self.kind in ("post", "comment"):
            return self.obj.body
        if self.kind == "proposal":
            return self.obj.summary
        return ""

    @property
    def url(self) -> str:
        if self.kind == "post":
            return url_for("forum.show_post", post_id=self.obj.id)
        if self.kind == "thread":
            return url_for("forum.show_thread", thread_id=self.obj.id)
        if self.kind == "comment":
            return url_for("proposals.show_comment", comment_id=self.obj.id)
        return url_for("proposals.show_proposal", proposal_id=self.obj.id)


def load_target(kind: str, target_id: int) -> Target | None:
    model = KINDS.get(kind)
    if model is None:
        return None
    options = {
        "post": [joinedload(Post.thread).joinedload(Thread.network).joinedload(Network.municipality)],
        "thread": [joinedload(Thread.network).joinedload(Network.municipality)],
        "proposal": [joinedload(Proposal.network).joinedload(Network.municipality)],
        "comment": [joinedload(ProposalComment.proposal).joinedload(Proposal.network)
                    .joinedload(Network.municipality)],
    }[kind]
    obj = db.session.get(model, target_id, options=options)
    return Target(kind, obj) if obj is not None else None


def target_kind(row) -> str:  # noqa: ANN001
    """Which kind of content a report, appeal or audit entry is about."""
    return next(kind for kind in KINDS if getattr(row, f"{kind}_id") is not None)


def target_of(row) -> Target:  # noqa: ANN001
    """The content a report or appeal is about."""
    kind = target_kind(row)
    return Target(kind, getattr(row, kind))


def parse_key(key: str) -> tuple[str, int] | None:
    kind, _, raw = key.partition(":")
    if kind not in KINDS or not raw.isdigit() or len(raw) > 10:
        return None
    return kind, int(raw)
