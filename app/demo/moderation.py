"""Demo moderation: open reports, a hidden post with an appeal, a crisis alert, an audit trail."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.core.guard import Verdict
from app.extensions import db
from app.forum.models import Post, Thread
from app.forum.services import reply_once
from app.moderation import services
from app.moderation.models import ReportReason
from app.moderation.targets import Target
from app.networks.models import Membership, MembershipStatus, Network


def seed_moderation(network: Network, moderator: User) -> None:
    posts = list(db.session.scalars(
        select(Post).join(Post.thread).where(Thread.network_id == network.id)
        .order_by(Post.id).limit(12)))
    members = list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.network_id == network.id, Membership.status == MembershipStatus.ACTIVE,
               User.id != moderator.id).order_by(User.id)))
    if len(posts) < 6 or len(members) < 4:
        return

    def reporter_for(post: Post) -> User:
        return next(m for m in members if m.id != post.author_id)

    # Two open reports about one post, one about another: the queue has something to do.
    first, second, hidden = posts[3], posts[5], posts[4]
    services.report(reporter_for(first), Target("post", first), ReportReason.PERSONAL_DATA,
                    "Der står navnet på en sagsbehandler.")
    other = next(m for m in members if m.id not in (first.author_id, reporter_for(first).id))
    services.report(other, Target("post", first), ReportReason.OTHER, "Måske for personligt?")
    services.report(reporter_for(second), Target("post", second), ReportReason.SPAM, "")
    # A hidden post whose author has appealed: another moderator or an admin decides.
    services.report(reporter_for(hidden), Target("post", hidden), ReportReason.HARASSMENT,
                    "Tonen er hård over for en anden bruger.")
    services.hide(moderator, Target("post", hidden),
                  "Tonen over for et andet medlem var for hård. Se retningslinjerne.")
    author = db.session.get(User, hidden.author_id)
    if author is not None:
        services.appeal(author, Target("post", hidden),
                        "Jeg mente det ikke personligt. Jeg var bare frustreret over systemet.")
    # A reply that signals a crisis: the moderators' queue shows the alert until one of them
    # marks it as handled.
    writer = next(m for m in members if m.id not in (first.author_id, hidden.author_id))
    reply_once(writer, first.thread, "Jeg kan ikke overskue mere. Nogle dage har jeg lyst til "
               "at give op.", verdict=Verdict(crisis=True))
    db.session.flush()
