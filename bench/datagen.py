"""Rows for the benchmark database, built in memory with every counter consistent.

Pure Python and deterministic for a seed: nothing here touches the database. generate.py
writes the tables in foreign-key order (COPY on PostgreSQL, Core executemany elsewhere).
Ids are assigned here, so relations need no RETURNING round trips.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from app.networks.models import NETWORK_DESCRIPTIONS, BenefitGroup
from app.networks.services import DANISH_NAMES, slugify

DAY = 86_400.0
APPROVAL_GROUPS = (BenefitGroup.RESSOURCEFORLOEB, BenefitGroup.JOBAFKLARINGSFORLOEB)
BENCH_PSEUDONYM = "bench"
QUORUM = 10


@dataclass(frozen=True)
class Scale:
    name: str
    municipalities: int
    users: int
    threads: int
    posts: int
    big_thread_posts: int
    proposals: int
    votes: int
    reaction_share: float = 0.05


SCALES = {
    "tiny": Scale("tiny", 1, 60, 12, 400, 120, 12, 150),
    "small": Scale("small", 1, 1_000, 200, 10_000, 2_000, 100, 5_000),
    "large": Scale("large", 1, 10_000, 20_000, 1_000_000, 2_000, 2_000, 200_000),
}
MEDIUM_THREAD_POSTS = 50


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    count: int
    rows: Iterator[tuple] | list[tuple]


@dataclass
class Manifest:
    """What the bench and the drill need to find their pages."""

    scale: str
    municipality_slug: str = ""
    network_slug: str = ""
    big_thread_id: int = 0
    big_thread_last_post_id: int = 0
    medium_thread_id: int = 0
    voting_proposal_ids: list[int] = field(default_factory=list)
    closed_proposal_id: int = 0
    bench_user_id: int = 1
    user_count: int = 0


def ts(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


class Generator:
    def __init__(self, scale: Scale, seed: int, password_hash: str,
                 bodies: list[tuple[str, str]], now: datetime | None = None) -> None:
        self.scale = scale
        self.rng = random.Random(seed)
        self.password_hash = password_hash
        self.bodies = bodies
        self.now = (now or datetime.now(UTC)).timestamp()
        self.manifest = Manifest(scale.name, user_count=scale.users)
        self.network_ids: list[int] = []
        self.network_municipality: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}  # network id -> active member ids
        self.user_created: list[float] = []

    # --- accounts and networks ----------------------------------------------------------

    def municipalities(self) -> Table:
        now = ts(self.now - 500 * DAY)
        rows = []
        for index in range(1, self.scale.municipalities + 1):
            name = "Bench Kommune" if index == 1 else f"Bench Kommune {index}"
            rows.append((index, name, slugify(name), now, now))
        self.manifest.municipality_slug = rows[0][2]
        self.manifest.network_slug = slugify(BenefitGroup.DAGPENGE.value)
        return Table("municipalities", ("id", "name", "slug", "created_at", "updated_at"),
                     len(rows), rows)

    def users(self) -> Table:
        rows = []
        for user_id in range(1, self.scale.users + 1):
            created = self.now - 450 * DAY + self.rng.random() * 50 * DAY
            self.user_created.append(created)
            name = BENCH_PSEUDONYM if user_id == 1 else f"Bruger {user_id}"
            email = "bench@bench.invalid" if user_id == 1 else f"bruger{user_id}@bench.invalid"
            moment = ts(created)
            rows.append((user_id, name, name.casefold(), email, self.password_hash, False,
                         secrets.token_urlsafe(32), moment, moment, moment, moment))
        return Table("users", ("id", "pseudonym", "pseudonym_key", "email", "password_hash",
                               "is_admin", "session_token", "terms_accepted_at",
                               "email_confirmed_at", "created_at", "updated_at"), len(rows), rows)

    def memberships(self) -> Table:
        groups = list(BenefitGroup)
        by_municipality = {m: [(m - 1) * len(groups) + i + 1 for i in range(len(groups))]
                           for m in range(1, self.scale.municipalities + 1)}
        for municipality, ids in by_municipality.items():
            for network_id, _group in zip(ids, groups, strict=True):
                self.network_ids.append(network_id)
                self.network_municipality[network_id] = municipality
                self.members[network_id] = []
        approval = {ids[groups.index(g)] for ids in by_municipality.values() for g in APPROVAL_GROUPS}
        self.pending: dict[int, int] = dict.fromkeys(self.network_ids, 0)
        rows = []
        next_id = 1
        for user_id in range(1, self.scale.users + 1):
            ids = by_municipality[(user_id - 1) % self.scale.municipalities + 1]
            if user_id == 1:
                chosen = by_municipality[1]
            else:
                chosen = self.rng.sample(ids, self.rng.choices((1, 2, 3), (4, 4, 2))[0])
            joined = ts(self.user_created[user_id - 1] + DAY)
            for network_id in chosen:
                pending = (user_id != 1 and network_id in approval and self.rng.random() < 0.1)
                role = ("moderator" if not pending and len(self.members[network_id]) in (3, 4)
                        else "member")
                rows.append((next_id, network_id, user_id, role,
                             "pending" if pending else "active", None if pending else joined,
                             joined, joined))
                next_id += 1
                if pending:
                    self.pending[network_id] += 1
                else:
                    self.members[network_id].append(user_id)
        for network_id in self.network_ids:  # every network needs someone to write in it
            if not self.members[network_id]:
                raise ValueError("too few users for the networks; raise --scale")
        return Table("memberships", ("id", "network_id", "user_id", "role", "status",
                                     "joined_at", "created_at", "updated_at"), len(rows), rows)

    def networks(self, thread_count: dict[int, int], last_activity: dict[int, float]) -> Table:
        rows = []
        groups = list(BenefitGroup)
        created = ts(self.now - 500 * DAY)
        for network_id in self.network_ids:
            group = groups[(network_id - 1) % len(groups)]
            approval = group in APPROVAL_GROUPS
            last = last_activity.get(network_id)
            rows.append((network_id, self.network_municipality[network_id], slugify(group.value),
                         DANISH_NAMES[group], group.value, NETWORK_DESCRIPTIONS[group],
                         "approval" if approval else "open", "members" if approval else "public",
                         QUORUM, len(self.members[network_id]), thread_count.get(network_id, 0),
                         ts(last) if last else None, created, created))
        return Table("networks", ("id", "municipality_id", "slug", "name", "benefit_group",
                                  "description", "join_policy", "visibility", "quorum",
                                  "member_count", "thread_count", "last_activity_at",
                                  "created_at", "updated_at"), len(rows), rows)

    # --- forum ---------------------------------------------------------------------------

    def _post_counts(self) -> list[int]:
        scale = self.scale
        rest_threads = scale.threads - 2
        rest_posts = scale.posts - scale.big_thread_posts - MEDIUM_THREAD_POSTS
        if rest_threads < 1 or rest_posts < rest_threads:
            raise ValueError("scale needs more posts than threads")
        average = rest_posts / rest_threads
        counts = [max(1, round(self.rng.triangular(1, 2 * average - 1, average)))
                  for _ in range(rest_threads)]
        difference = rest_posts - sum(counts)
        index = 0
        while difference:
            step = 1 if difference > 0 else -1
            if counts[index % rest_threads] + step >= 1:
                counts[index % rest_threads] += step
                difference -= step
            index += 1
        return [scale.big_thread_posts, MEDIUM_THREAD_POSTS, *counts]

    def forum(self) -> tuple[Table, Table, Table, dict[int, int], dict[int, float]]:
        """Threads, posts and reactions; posts get ids in time order across threads."""
        rng, now = self.rng, self.now
        counts = self._post_counts()
        public = [n for n in self.network_ids if (n - 1) % 8 not in (4, 5)]
        thread_network, thread_author, thread_created = [], [], []
        stamps: list[tuple[float, int]] = []
        for index, count in enumerate(counts):
            network_id = self.network_ids[0] if index < 2 else rng.choice(
                public if rng.random() < 0.8 else self.network_ids)
            created = now - 200 * DAY if index < 2 else now - rng.uniform(1, 365) * DAY
            end = now - 3600 if index < 2 else min(now - 60, created + rng.uniform(1, 60) * DAY)
            thread_network.append(network_id)
            thread_author.append(rng.choice(self.members[network_id]))
            thread_created.append(created)
            stamps.append((created, index))
            span = end - created
            stamps.extend((created + span * rng.random(), index) for _ in range(count - 1))
        stamps.sort()
        post_thread = [index for _stamp, index in stamps]
        post_time = [stamp for stamp, _index in stamps]
        del stamps
        last_post: dict[int, tuple[int, float]] = {}
        for post_index, thread_index in enumerate(post_thread):
            last_post[thread_index] = (post_index + 1, post_time[post_index])
        self.manifest.big_thread_id, self.manifest.medium_thread_id = 1, 2
        self.manifest.big_thread_last_post_id = last_post[0][0]

        reactions, reaction_count = self._reactions(post_thread, post_time, thread_network)
        thread_count: dict[int, int] = {}
        network_activity: dict[int, float] = {}
        thread_rows = []
        for index, count in enumerate(counts):
            network_id = thread_network[index]
            last = last_post[index][1]
            thread_count[network_id] = thread_count.get(network_id, 0) + 1
            network_activity[network_id] = max(network_activity.get(network_id, 0.0), last)
            pinned = index >= 2 and thread_count[network_id] == 1
            locked = index >= 2 and rng.random() < 0.01
            thread_rows.append((index + 1, network_id, thread_author[index],
                                f"Tråd {index + 1}: erfaringer med jobcentret", ts(thread_created[index]),
                                ts(last), count, pinned, locked,
                                "Tråden er låst af en moderator." if locked else None))
        threads = Table("threads", ("id", "network_id", "author_id", "title", "created_at",
                                    "last_activity_at", "post_count", "is_pinned", "is_locked",
                                    "lock_reason"), len(thread_rows), thread_rows)

        first_post_seen: set[int] = set()

        def post_rows() -> Iterator[tuple]:
            bodies = self.bodies
            for post_index, thread_index in enumerate(post_thread):
                post_id = post_index + 1
                moment = post_time[post_index]
                if thread_index in first_post_seen:
                    author = rng.choice(self.members[thread_network[thread_index]])
                else:
                    first_post_seen.add(thread_index)
                    author = thread_author[thread_index]
                deleted = post_id % 331 == 0
                body, html = ("", "") if deleted else bodies[post_id % len(bodies)]
                yield (post_id, thread_index + 1, author, body, html, ts(moment),
                       ts(min(moment + 3600, now)) if deleted else None,
                       reaction_count.get(post_id, 0))

        posts = Table("posts", ("id", "thread_id", "author_id", "body", "body_html", "created_at",
                                "deleted_at", "reaction_count"), len(post_thread), post_rows())
        return threads, posts, reactions, thread_count, network_activity

    def _reactions(self, post_thread: list[int], post_time: list[float],
                   thread_network: list[int]) -> tuple[Table, dict[int, int]]:
        rng = self.rng
        rows, reaction_count = [], {}
        total = len(post_thread)
        for post_index in rng.sample(range(total), int(total * self.scale.reaction_share)):
            post_id = post_index + 1
            if post_id % 331 == 0:
                continue  # deleted posts keep no reactions
            members = self.members[thread_network[post_thread[post_index]]]
            reactors = rng.sample(members, min(len(members), rng.randint(1, 3)))
            moment = ts(min(post_time[post_index] + 60, self.now))
            for user_id in reactors:
                rows.append((len(rows) + 1, post_id, user_id, moment))
            reaction_count[post_id] = len(reactors)
        return (Table("reactions", ("id", "post_id", "user_id", "created_at"), len(rows), rows),
                reaction_count)

    # --- proposals -----------------------------------------------------------------------

    def proposals(self) -> list[Table]:
        """Proposals in every state; closed ones carry final tallies equal to their vote rows."""
        rng, now, scale = self.rng, self.now, self.scale
        month_start = datetime.fromtimestamp(now, UTC).replace(
            day=1, hour=0, minute=0, second=0, microsecond=0).timestamp()
        states = rng.choices(("drafting", "voting", "closed", "withdrawn"), (15, 25, 55, 5),
                             k=scale.proposals)
        states[:2] = ["voting", "closed"]  # the bench needs one of each in the first network
        voteable = [i for i, state in enumerate(states) if state in ("voting", "closed")]
        weights = [rng.uniform(0.2, 1.8) for _ in voteable]
        per_vote = scale.votes / sum(weights)
        proposal_rows, author_rows, revision_rows, vote_rows, comment_rows = [], [], [], [], []
        vote_budget = {index: int(weight * per_vote) for index, weight in zip(voteable, weights,
                                                                              strict=True)}
        shortfall = scale.votes - sum(vote_budget.values())
        for index in voteable[:shortfall]:
            vote_budget[index] += 1
        for index, state in enumerate(states):
            proposal_id = index + 1
            network_id = self.network_ids[0] if index < 2 else rng.choice(self.network_ids)
            creator = rng.choice(self.members[network_id])
            opened = deadline = closed = withdrawn = None
            if state == "voting":
                opened = now - rng.uniform(1, 9) * DAY
                deadline = opened + 14 * DAY
                created = opened - rng.uniform(2, 20) * DAY
            elif state == "closed":
                recent = rng.random() < 0.4 and now - 3600 > month_start
                closed = (rng.uniform(month_start, now - 3600) if recent
                          else now - rng.uniform(32, 280) * DAY)
                deadline = closed
                opened = closed - 14 * DAY
                created = opened - rng.uniform(2, 20) * DAY
            else:
                created = now - rng.uniform(1, 40) * DAY
                if state == "withdrawn":
                    withdrawn = created + DAY
            tallies = dict.fromkeys(("for", "against", "abstain"), 0)
            if opened is not None:
                members = self.members[network_id]
                voters = rng.sample(members, min(len(members), vote_budget[index]))
                lean = rng.uniform(0.25, 0.8)
                end = min(closed or now, now)
                for user_id in voters:
                    roll = rng.random()
                    value = "for" if roll < lean else ("against" if roll < 0.88 else "abstain")
                    tallies[value] += 1
                    moment = ts(rng.uniform(opened, end))
                    vote_rows.append((len(vote_rows) + 1, proposal_id, user_id, value, moment,
                                      moment))
            final = state == "closed"
            turnout = sum(tallies.values())
            passed = turnout >= QUORUM and tallies["for"] > tallies["against"]
            db_state = ("passed" if passed else "not_passed") if final else state
            revisions = rng.choice((1, 1, 2, 3))
            text = self._proposal_text(proposal_id)
            proposal_rows.append((
                proposal_id, network_id, creator, *text, db_state, revisions, ts(created),
                ts(created + (revisions - 1) * 3600), _opt(opened), _opt(deadline), _opt(closed),
                _opt(withdrawn), tallies["for"] if final else None,
                tallies["against"] if final else None, tallies["abstain"] if final else None,
                QUORUM if final else None))
            author_rows.append((len(author_rows) + 1, proposal_id, creator, "accepted", ts(created)))
            for number in range(1, revisions + 1):
                revision_rows.append((len(revision_rows) + 1, proposal_id, number, creator,
                                      "Første udkast" if number == 1 else "Rettelser", *text,
                                      ts(created + (number - 1) * 3600)))
            for _ in range(rng.randint(0, 6)):
                body, html = self.bodies[rng.randrange(len(self.bodies))]
                suggestion = state == "drafting" and rng.random() < 0.3
                comment_rows.append((len(comment_rows) + 1, proposal_id,
                                     rng.choice(self.members[network_id]), body, html, suggestion,
                                     "open" if suggestion else None, ts(created + 7200)))
        self.manifest.voting_proposal_ids = [i + 1 for i, s in enumerate(states)
                                             if s == "voting"][:50]
        self.manifest.closed_proposal_id = 2
        text_columns = ("title", "summary", "problem", "action", "impact")
        return [
            Table("proposals", ("id", "network_id", "creator_id", *text_columns, "state",
                                "revision_count", "created_at", "updated_at", "vote_opened_at",
                                "vote_deadline", "vote_closed_at", "withdrawn_at", "votes_for",
                                "votes_against", "votes_abstain", "quorum_at_close"),
                  len(proposal_rows), proposal_rows),
            Table("proposal_authors", ("id", "proposal_id", "user_id", "status", "created_at"),
                  len(author_rows), author_rows),
            Table("proposal_revisions", ("id", "proposal_id", "number", "author_id", "message",
                                         *text_columns, "created_at"),
                  len(revision_rows), revision_rows),
            Table("votes", ("id", "proposal_id", "user_id", "value", "created_at", "updated_at"),
                  len(vote_rows), vote_rows),
            Table("proposal_comments", ("id", "proposal_id", "author_id", "body", "body_html",
                                        "is_suggestion", "suggestion_status", "created_at"),
                  len(comment_rows), comment_rows),
        ]

    @staticmethod
    def _proposal_text(number: int) -> tuple[str, str, str, str, str]:
        return (f"Forslag {number}: kortere svartid fra jobcentret",
                "Jobcentret svarer inden for fem hverdage på spørgsmål fra borgere.",
                "Mange af os venter i ugevis på svar, og det gør det svært at planlægge. "
                "Usikkerheden fylder meget, når økonomien i forvejen er stram.",
                "Jobcentret indfører en fast svarfrist på fem hverdage og giver besked, "
                "hvis en sag tager længere tid, med en dato for hvornår svaret kommer.",
                "Borgerne får ro til at planlægge, og færre ringer for at høre til deres sag.")

    def tables(self) -> list[Table]:
        """Every table in foreign-key order."""
        municipalities = self.municipalities()
        users = self.users()
        memberships = self.memberships()
        threads, posts, reactions, thread_count, activity = self.forum()
        networks = self.networks(thread_count, activity)
        return [municipalities, users, networks, memberships, threads, posts, reactions,
                *self.proposals()]


def _opt(epoch: float | None) -> datetime | None:
    return ts(epoch) if epoch is not None else None
