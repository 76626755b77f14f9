"""Data builders for tests. They flush and commit, as a finished request would."""

from __future__ import annotations

import itertools

import pyotp

from app.accounts import services as accounts
from app.accounts.models import User
from app.committee.services import appoint_committee_member
from app.core.db import commit
from app.extensions import db
from app.networks.models import Municipality, Network
from app.networks.services import appoint_moderator, create_municipality

PASSWORD = "Sikker-Kaffe-Bjerg-2026"
_counter = itertools.count(1)


def make_user(pseudonym: str | None = None, email: str | None = None, password: str = PASSWORD,
              admin: bool = False, totp: bool = False, locale: str | None = None,
              confirmed: bool = True) -> User:
    n = next(_counter)
    user = accounts.register_user(accounts.Registration(
        pseudonym=pseudonym or f"Borger {n}", email=email or f"borger{n}@example.org",
        password=password, accepted_terms=True, locale=locale), confirmed=confirmed)
    user.is_admin = admin
    if totp:
        user.totp_secret = pyotp.random_base32()
    commit()
    return user


def make_municipality(name: str | None = None) -> Municipality:
    municipality = create_municipality(name or f"Testkommune {next(_counter)}")
    commit()
    return municipality


def first_network(municipality: Municipality) -> Network:
    from sqlalchemy import select

    return db.session.scalars(select(Network).where(
        Network.municipality_id == municipality.id).order_by(Network.id)).first()


def make_moderator(network: Network, **kwargs) -> User:
    user = make_user(**kwargs)
    appoint_moderator(user, network)
    commit()
    return user


def make_committee_member(municipality: Municipality, **kwargs) -> User:
    user = make_user(**kwargs)
    appoint_committee_member(user, municipality)
    commit()
    return user


def totp_now(user: User) -> str:
    return pyotp.TOTP(user.totp_secret).now()


# --- networks and forum ---------------------------------------------------------------------

def network_by_slug(municipality: Municipality, slug: str) -> Network:
    from sqlalchemy import select

    return db.session.scalar(select(Network).where(
        Network.municipality_id == municipality.id, Network.slug == slug))


def make_network(visibility=None, join_policy=None, municipality: Municipality | None = None,
                 slug: str = "dagpenge") -> Network:
    """One of a (new) municipality's networks, set to the visibility and join policy asked for."""
    from app.networks.models import JoinPolicy, Visibility

    network = network_by_slug(municipality or make_municipality(), slug)
    network.visibility = visibility or Visibility.PUBLIC
    network.join_policy = join_policy or JoinPolicy.OPEN
    commit()
    return network


def join(user: User, network: Network):
    """Join through the service: active in open networks, pending in approval networks."""
    from app.networks.services import join_network

    membership = join_network(user, network)
    commit()
    return membership


def approve(user: User, network: Network):
    from sqlalchemy import select

    from app.networks.models import Membership
    from app.networks.services import decide_pending

    membership = db.session.scalar(select(Membership).where(
        Membership.network_id == network.id, Membership.user_id == user.id))
    decide_pending(membership, approve=True)
    commit()
    return membership


def make_member(network: Network, **kwargs) -> User:
    """A new user who is an active member (joined, and approved where the network asks for it)."""
    user = make_user(**kwargs)
    join(user, network)
    if network.needs_approval:
        approve(user, network)
    return user


def suspend(user: User, network: Network, until):
    """There is no suspension service yet; set the date on the membership, as a moderator tool would."""
    from sqlalchemy import select

    from app.networks.models import Membership

    membership = db.session.scalar(select(Membership).where(
        Membership.network_id == network.id, Membership.user_id == user.id))
    membership.suspended_until = until
    commit()
    return membership


def make_thread(network: Network, author: User, title: str | None = None, body: str | None = None,
                pinned: bool = False, locked: bool = False, lock_reason: str | None = None):
    from app.forum.services import start_thread

    n = next(_counter)
    thread = start_thread(author, network, title or f"Tråd nummer {n}",
                          body or f"Første indlæg i tråd {n}.")
    thread.is_pinned = pinned
    thread.is_locked = locked
    thread.lock_reason = lock_reason
    commit()
    return thread


def make_post(thread, author: User, body: str | None = None):
    from app.forum.services import reply

    post = reply(author, thread, body or f"Svar nummer {next(_counter)}.")
    commit()
    return post


def first_post(thread):
    from sqlalchemy import select

    from app.forum.models import Post

    return db.session.scalar(select(Post).where(Post.thread_id == thread.id).order_by(Post.id))


def lock(thread, reason: str | None = None) -> None:
    thread.is_locked = True
    thread.lock_reason = reason
    commit()


def bulk_posts(thread, authors: list[User], count: int) -> None:
    """Many replies at once (add_all), with body_html set and the counter moved, as the service would."""
    from datetime import timedelta

    from app.core.models import utcnow
    from app.forum.models import Post, Thread

    start = utcnow()
    db.session.add_all([
        Post(thread_id=thread.id, author_id=authors[i % len(authors)].id, body=f"Svar {i}",
             body_html=f"<p>Svar {i}</p>", created_at=start + timedelta(seconds=i))
        for i in range(count)])
    thread.post_count = Thread.post_count + count
    thread.last_activity_at = start + timedelta(seconds=count)
    commit()


def bulk_threads(network: Network, authors: list[User], count: int) -> None:
    """Many threads with one post each (add_all), counters set, newest activity last."""
    from datetime import timedelta

    from app.core.models import utcnow
    from app.forum.models import Post, Thread

    start = utcnow()
    threads = [Thread(network_id=network.id, author_id=authors[i % len(authors)].id,
                      title=f"Masseoprettet tråd {i}", created_at=start + timedelta(seconds=i),
                      last_activity_at=start + timedelta(seconds=i), post_count=1)
               for i in range(count)]
    db.session.add_all(threads)
    db.session.flush()
    db.session.add_all([
        Post(thread_id=t.id, author_id=t.author_id, body=f"Indhold {i}", body_html=f"<p>Indhold {i}</p>",
             created_at=t.created_at) for i, t in enumerate(threads)])
    network.thread_count = Network.thread_count + count
    network.last_activity_at = start + timedelta(seconds=count)
    commit()
