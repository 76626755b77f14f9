"""Visibility as a query: for every role, the rows each where-clause lets through are exactly
the rows the Python rule allows one by one.

One world holds four networks (public or members only, open or by approval), a person for
every role, and in each network threads, posts, proposals and comments in every state
(visible, hidden, deleted), written by another member and by each person: the author of
hidden content is a case of its own. Then, role by role, the ids the SQL filter returns are
compared with the ids for which the rule says yes.
"""

from __future__ import annotations

from datetime import timedelta

from flask_login import AnonymousUserMixin
from sqlalchemy import select

from app.accounts.models import User
from app.committee.services import appoint_committee_member
from app.core.models import utcnow
from app.extensions import db
from app.forum import rules as forum_rules
from app.forum.models import Post, Thread
from app.networks import rules as network_rules
from app.networks.models import JoinPolicy, Membership, MembershipStatus, Network, Visibility
from app.networks.services import appoint_moderator
from app.proposals import rules as proposal_rules
from app.proposals.models import AuthorStatus, Proposal, ProposalAuthor, ProposalComment
from tests.factories import make_member, make_municipality, make_network, make_user, suspend

NETWORKS = {  # name: (visibility, join policy, slug)
    "public-open": (Visibility.PUBLIC, JoinPolicy.OPEN, "dagpenge"),
    "public-approval": (Visibility.PUBLIC, JoinPolicy.APPROVAL, "kontanthjaelp"),
    "members-open": (Visibility.MEMBERS, JoinPolicy.OPEN, "sygedagpenge"),
    "members-approval": (Visibility.MEMBERS, JoinPolicy.APPROVAL, "fleksjob"),
}
# The moderator moderates these two and is an outsider in the other two.
MODERATED = ("public-open", "members-approval")
ROLES = ("visitor", "non_member", "pending", "member", "suspended", "moderator", "committee",
         "admin")

# kind: (model, the Python rule for one row, the where-clause)
KINDS = {
    "networks": (Network, network_rules.can_view_content, network_rules.readable_networks),
    "threads": (Thread, forum_rules.can_view_thread, forum_rules.readable_threads),
    "posts": (Post, forum_rules.can_read_post, forum_rules.readable_posts),
    "proposals": (Proposal, proposal_rules.can_view_proposal, proposal_rules.readable_proposals),
    "comments": (ProposalComment, proposal_rules.can_read_comment,
                 proposal_rules.readable_comments),
}


def _people(networks: dict[str, Network]) -> dict[str, User]:
    people = {role: make_user(admin=role == "admin") for role in ROLES if role != "visitor"}
    for network in networks.values():
        db.session.add(Membership(network_id=network.id, user_id=people["pending"].id,
                                  status=MembershipStatus.PENDING))
    db.session.commit()
    for name, network in networks.items():
        for role in ("member", "suspended"):
            db.session.add(Membership(network_id=network.id, user_id=people[role].id,
                                      status=MembershipStatus.ACTIVE, joined_at=utcnow()))
        db.session.commit()
        suspend(people["suspended"], network, utcnow() + timedelta(days=7))
        if name in MODERATED:
            appoint_moderator(people["moderator"], network)
    appoint_committee_member(people["committee"], networks["public-open"].municipality)
    db.session.commit()
    return people


def _hidden(hidden: bool) -> dict:
    return {"hidden_at": utcnow(), "hidden_reason": "Brud på reglerne"} if hidden else {}


def _forum(network: Network, authors: list[User]) -> None:
    """Per author a visible and a hidden thread; in each, by its author and another member, a
    visible, a hidden and a deleted post."""
    other = authors[0]
    for author in authors:
        for hidden in (False, True):
            thread = Thread(network_id=network.id, author_id=author.id, title="Tråd",
                            **_hidden(hidden))
            db.session.add(thread)
            db.session.flush()
            for writer in {other.id, author.id}:
                for state in ("visible", "hidden", "deleted"):
                    db.session.add(Post(
                        thread_id=thread.id, author_id=writer, body="Tekst", body_html="<p>Tekst</p>",
                        deleted_at=utcnow() if state == "deleted" else None,
                        **_hidden(state == "hidden")))


def _proposals(network: Network, authors: list[User]) -> None:
    """Another member's proposals, and per person one where they are an accepted, an invited and
    a declined co-author; each visible and hidden, each with visible and hidden comments by the
    creator and by the person."""
    other = authors[0]
    cases = [(None, None)] + [(person, status) for person in authors[1:] for status in AuthorStatus]
    for person, status in cases:
        for hidden in (False, True):
            proposal = Proposal(network_id=network.id, creator_id=other.id, title="Forslag",
                                summary="Kort", problem="Problem", action="Handling",
                                impact="Virkning", **_hidden(hidden))
            db.session.add(proposal)
            db.session.flush()
            db.session.add(ProposalAuthor(proposal_id=proposal.id, user_id=other.id,
                                          status=AuthorStatus.ACCEPTED))
            if person is not None:
                db.session.add(ProposalAuthor(proposal_id=proposal.id, user_id=person.id,
                                              status=status))
            for writer in {other.id, (person or other).id}:
                for hidden_comment in (False, True):
                    db.session.add(ProposalComment(
                        proposal_id=proposal.id, author_id=writer, body="Kommentar",
                        body_html="<p>Kommentar</p>", **_hidden(hidden_comment)))


def _build() -> dict[str, int | None]:
    municipality = make_municipality()
    networks = {name: make_network(visibility, policy, municipality, slug)
                for name, (visibility, policy, slug) in NETWORKS.items()}
    people = _people(networks)
    for network in networks.values():
        authors = [make_member(network), *people.values()]
        _forum(network, authors)
        _proposals(network, authors)
    db.session.commit()
    return {role: people[role].id if role in people else None for role in ROLES}


def _allowed(person, kind: str) -> tuple[set[int], set[int], int]:
    """(ids the rule allows one by one, ids the where-clause returns, rows in all)."""
    model, rule, clause = KINDS[kind]
    rows = db.session.scalars(select(model)).all()
    by_rule = {row.id for row in rows if rule(person, row)}
    by_query = set(db.session.scalars(select(model.id).where(clause(person))))
    return by_rule, by_query, len(rows)


def test_every_where_clause_returns_exactly_what_its_rule_allows_for_every_role(app):
    with app.app_context():
        ids = _build()
    mismatches, seen = {}, {kind: {} for kind in KINDS}
    for role in ROLES:
        with app.test_request_context():  # a fresh membership memo for each person
            person = db.session.get(User, ids[role]) if ids[role] else AnonymousUserMixin()
            for kind in KINDS:
                by_rule, by_query, total = _allowed(person, kind)
                if by_rule != by_query:
                    mismatches[(role, kind)] = {"rule only": sorted(by_rule - by_query),
                                                "query only": sorted(by_query - by_rule)}
                seen[kind][role] = (len(by_rule), total)
    assert mismatches == {}
    # The world is not trivial: for each kind some rows are read and some are not, and the
    # roles see different amounts of it.
    for kind, counts in seen.items():
        assert any(allowed for allowed, _total in counts.values()), kind
        assert any(allowed < total for allowed, total in counts.values()), kind
        assert len({allowed for allowed, _total in counts.values()}) >= 4, (kind, counts)


def test_the_clauses_hold_when_the_query_already_joins_the_tables_they_look_into(app):
    """The id subqueries must not be correlated away by an outer query over the same tables."""
    with app.app_context():
        ids = _build()
    with app.test_request_context():
        person = db.session.get(User, ids["member"])
        joined = set(db.session.scalars(
            select(Post.id).join(Post.thread).join(Thread.network)
            .where(forum_rules.readable_posts(person))))
        comments = set(db.session.scalars(
            select(ProposalComment.id).join(ProposalComment.proposal).join(Proposal.network)
            .where(proposal_rules.readable_comments(person))))
        assert joined == _allowed(person, "posts")[0] and joined
        assert comments == _allowed(person, "comments")[0] and comments


def test_the_personal_front_page_shows_only_what_the_rules_allow_and_nothing_hidden(app):
    """app/home/queries.py filters with the clauses above: for every signed-in role, whatever
    its front page lists (networks, threads, the first unread post of a network, drafts,
    invitations, votes) is readable by the rule, in a network where the person is an active
    member (for the forum), and not hidden, not even for a moderator or an author."""
    from app.home.queries import front_page

    with app.app_context():
        ids = _build()
    listed = {}
    for role in ROLES:
        if ids[role] is None:
            continue
        with app.test_request_context():
            person = db.session.get(User, ids[role])
            page = front_page(person)
            for item in page.networks:
                assert network_rules.is_member(person, item.network), role
                assert network_rules.can_view_content(person, item.network), role
                if item.first_unread_post_id is not None:
                    post = db.session.get(Post, item.first_unread_post_id)
                    assert forum_rules.can_read_post(person, post) and not post.is_hidden, role
                    assert not post.thread.is_hidden and post.author_id != person.id, role
            for thread in page.threads:
                assert forum_rules.can_view_thread(person, thread) and not thread.is_hidden, role
                assert network_rules.is_member(person, thread.network), role
            assert page.unread <= {thread.id for thread in page.threads}
            proposals = [*page.drafts, *page.invitations, *page.votes,
                         *(f.proposal for f in page.answers)]
            for proposal in proposals:
                assert proposal_rules.can_view_proposal(person, proposal), role
                assert not proposal.is_hidden, role
            for proposal in page.invitations:
                assert proposal_rules.is_invited(person, proposal), role
            for proposal in page.drafts:
                assert proposal_rules.is_author(person, proposal), role
            listed[role] = (len(page.networks), len(page.threads), len(page.unread),
                            len(page.drafts), len(page.invitations))
    # Not trivial: a member has networks, threads with news, drafts and invitations; someone
    # who is in no network (pending everywhere, or no member at all) has none of the forum.
    assert all(listed["member"]), listed
    assert listed["pending"][:3] == listed["non_member"][:3] == (0, 0, 0), listed
