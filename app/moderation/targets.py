"""A post, thread, proposal or proposal comment seen the same way by the moderation code."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from app.accounts.models import User
from app.core.sanitize import render_plain_excerpt
from app.extensions import db
from app.forum.models import Post, Thread
from app.networks.models import Network
from app.proposals.models import Proposal, ProposalComment


@dataclass(frozen=True)
class TargetKind:
    """A kind of content moderation acts on: its model and the page that shows one."""

    model: type
    endpoint: str
    id_arg: str

    def url(self, target_id: int) -> str:
        return url_for(self.endpoint, **{self.id_arg: target_id})


KINDS = {
    "post": TargetKind(Post, "forum.show_post", "post_id"),
    "thread": TargetKind(Thread, "forum.show_thread", "thread_id"),
    "proposal": TargetKind(Proposal, "proposals.show_proposal", "proposal_id"),
    "comment": TargetKind(ProposalComment, "proposals.show_comment", "comment_id"),
}


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
        return KINDS[self.kind].url(self.obj.id)

    @property
    def author(self) -> User | None:
        """Who wrote it (None when the profile is deleted)."""
        return self.obj.creator if self.kind == "proposal" else self.obj.author

    @property
    def excerpt(self) -> str:
        """The start of the text as plain words (no Markdown), for the report page."""
        return render_plain_excerpt(self.text, 300) if self.text else ""


def load_target(kind: str, target_id: int) -> Target | None:
    if kind not in KINDS:
        return None
    options = {
        "post": [joinedload(Post.thread).joinedload(Thread.network).joinedload(Network.municipality),
                 joinedload(Post.author)],
        "thread": [joinedload(Thread.network).joinedload(Network.municipality),
                   joinedload(Thread.author)],
        "proposal": [joinedload(Proposal.network).joinedload(Network.municipality),
                     joinedload(Proposal.creator)],
        "comment": [joinedload(ProposalComment.proposal).joinedload(Proposal.network)
                    .joinedload(Network.municipality), joinedload(ProposalComment.author)],
    }[kind]
    obj = db.session.get(KINDS[kind].model, target_id, options=options)
    return Target(kind, obj) if obj is not None else None


def target_kind(row) -> str:
    """Which kind of content a report, appeal or audit entry is about."""
    return next(kind for kind in KINDS if getattr(row, f"{kind}_id") is not None)


def target_of(row) -> Target:
    """The content a report or appeal is about."""
    kind = target_kind(row)
    return Target(kind, getattr(row, kind))


def parse_key(key: str) -> tuple[str, int] | None:
    kind, _, raw = key.partition(":")
    if kind not in KINDS or not raw.isdigit() or len(raw) > 10:
        return None
    return kind, int(raw)


def url_of_key(key: str | None) -> str | None:
    """The page of a target given by its key ("post:12"), as events store it; None if the key
    is not one."""
    parsed = parse_key(key or "")
    return KINDS[parsed[0]].url(parsed[1]) if parsed is not None else None
