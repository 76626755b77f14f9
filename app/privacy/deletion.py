"""Delete a profile. What the person wrote stays as "slettet bruger" (or, if they choose, with
the text erased too); their votes stay counted without them; everything else of theirs goes.

The schema does the sweeping: every column that refers to a person either empties itself
(ON DELETE SET NULL: content and records that belong to the network) or takes its row with
it (ON DELETE CASCADE: memberships, follows, notifications, codes...). A test holds the
schema to ``columns.KEPT_WITHOUT_PERSON``. Nothing here logs the e-mail or the pseudonym.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import delete, select, update

from app.accounts.models import ReleasedPseudonym, User
from app.accounts.services import released_pseudonym_hash, require_current_password
from app.core.audit import AuditEntry
from app.core.models import utcnow
from app.extensions import db
from app.forum.models import Post, Reaction, Thread
from app.proposals.models import ProposalComment

log = logging.getLogger("borgernet.privacy")


def _erase_text(user_id: int) -> None:
    now = utcnow()
    mine = select(Post.id).where(Post.author_id == user_id, Post.deleted_at.is_(None))
    db.session.execute(delete(Reaction).where(Reaction.post_id.in_(mine)))
    db.session.execute(update(Post).where(Post.id.in_(mine)).values(
        body="", body_html="", deleted_at=now, reaction_count=0))
    db.session.execute(update(Thread).where(Thread.author_id == user_id).values(
        title="–"))
    db.session.execute(update(ProposalComment).where(ProposalComment.author_id == user_id)
                       .values(body="", body_html=""))


def _scrub_reasons(user: User) -> None:
    """Staff write the log's reasons in their own words, and a reason about the person may name
    them ("efter aftale med Bente"). The entries stay (they are the network's record); the
    person's pseudonym and e-mail address in them become "slettet bruger"."""
    names = re.compile("|".join(re.escape(value) for value in (user.pseudonym, user.email)
                                if value), re.IGNORECASE)
    for entry in db.session.scalars(select(AuditEntry).where(
            AuditEntry.subject_user_id == user.id, AuditEntry.reason != "")):
        entry.reason = names.sub("slettet bruger", entry.reason)  # stored: in Danish, as staff wrote


def delete_profile(user: User, password: str, erase_text: bool) -> None:
    """Check the password, then delete the profile for good."""
    require_current_password(user, password, field="password")
    user_id = user.id
    _scrub_reasons(user)
    if erase_text:
        _erase_text(user_id)
    # Their "genkender det" go with them: the counts on the posts follow.
    db.session.execute(update(Post).where(Post.id.in_(
        select(Reaction.post_id).where(Reaction.user_id == user_id))).values(
        reaction_count=Post.reaction_count - 1))
    released = released_pseudonym_hash(user.pseudonym_key)
    db.session.execute(delete(ReleasedPseudonym).where(ReleasedPseudonym.key_hash == released))
    db.session.add(ReleasedPseudonym(key_hash=released, released_at=utcnow()))
    db.session.flush()
    db.session.expunge(user)
    db.session.execute(delete(User).where(User.id == user_id).execution_options(
        synchronize_session=False))
    db.session.flush()
    log.info("A profile was deleted")
