"""The reliability drill's driver: mixed load, a killed worker, a database restart, then an
audit of every write the server acknowledged. Run by bench/drill.sh; exits non-zero when an
acknowledged write is lost or duplicated, a 5xx falls outside the restart window, a 5xx is
not the friendly page, the counters disagree with the rows, or the app did not recover.

Every write carries a client-generated id: a reply carries a random submission key (the
form's hidden `submission_key`, also written into its text so the audit can find it); a
vote's id is its (person, proposal) pair, used once, so "exactly once" means one row with
the value sent. Acknowledged means: a reply answered 302 to its post; a vote answered 302
with the success message in the session (the vote page redirects on refusals too). A reply
whose answer never came (connection error, 5xx) is sent again with the same key, as a person
pressing "Send" again would, up to RESENDS times: the server must save it once.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import re
import signal
import subprocess
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from bench.driver import Browser

FRIENDLY = "midlertidigt utilgængelig"
TOKEN_RE = re.compile(r"drilltoken([a-p]{32})")
# The key goes into the text as letters: digits in a row would look like a phone number to
# the personal-data guard, which then asks the writer before saving.
KEY_AS_LETTERS = str.maketrans("0123456789", "ghijklmnop")
LETTERS_AS_KEY = str.maketrans("ghijklmnop", "0123456789")
RESENDS = 5
POST_LOCATION = re.compile(r"/traade/\d+\?foer=(\d+)#post-(\d+)$")


@dataclass
class Outcome:
    started: float
    ended: float
    kind: str
    status: int | None = None
    error: str | None = None
    friendly: bool = True


@dataclass
class Drill:
    base: str
    deadline: float
    t0: float
    outcomes: list[Outcome] = field(default_factory=list)
    replies: dict[str, int] = field(default_factory=dict)  # acked token -> post id
    votes: dict[tuple[int, int], str] = field(default_factory=dict)  # acked pair -> value
    attempted_tokens: set[str] = field(default_factory=set)
    resent: int = 0  # replies sent again after a lost answer or a 5xx
    lock: threading.Lock = field(default_factory=threading.Lock)


def session_flashes(cookie: str) -> list[tuple[str, str]]:
    """The (category, message) flashes in Flask's signed session cookie (read, not verified)."""
    if not cookie:
        return []
    data = cookie.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    if cookie.startswith("."):
        raw = zlib.decompress(raw)
    flashes = []
    for item in json.loads(raw).get("_flashes", []):
        pair = item.get(" t", item) if isinstance(item, dict) else item  # tagged tuple
        flashes.append(tuple(pair))
    return flashes


def _friendly(status: int, page: str) -> bool:
    return status < 500 or (status == 503 and FRIENDLY in page and "Traceback" not in page)


class Person(threading.Thread):
    def __init__(self, drill: Drill, browser: Browser, user_id: int, pages: list[str],
                 threads: list[int], pairs: list[tuple[int, int]], seed: int) -> None:
        super().__init__(daemon=True)
        self.drill, self.browser, self.user_id = drill, browser, user_id
        self.pages, self.threads, self.pairs = pages, threads, pairs
        self.rng = random.Random(seed)
        self.token = ""

    def record(self, outcome: Outcome) -> None:
        with self.drill.lock:
            self.drill.outcomes.append(outcome)

    def call(self, kind: str, method: str, path: str, form: dict | None = None):
        started = time.monotonic()
        try:
            status, headers, page = self.browser.request(method, path, form)
        except (OSError, http.client.HTTPException) as error:
            self.record(Outcome(started, time.monotonic(), kind, error=type(error).__name__))
            return None
        self.record(Outcome(started, time.monotonic(), kind, status, friendly=_friendly(status, page)))
        return status, headers, page

    def run(self) -> None:
        while time.monotonic() < self.drill.deadline:
            roll = self.rng.random()
            if roll < 0.2 and self.threads:
                self.reply()
            elif roll < 0.3 and self.pairs:
                self.vote()
            else:
                self.call("read", "GET", self.rng.choice(self.pages))

    def ensure_token(self) -> bool:
        if not self.token:
            answer = self.call("read", "GET", f"/traade/{self.threads[0]}")
            match = answer and re.search(r'name="csrf_token"[^>]*value="([^"]+)"', answer[2])
            if not match:
                return False
            self.token = match.group(1)
        return True

    def reply(self) -> None:
        if not self.ensure_token():
            return
        key = f"{self.rng.getrandbits(128):032x}"
        with self.drill.lock:
            self.drill.attempted_tokens.add(key)
        thread_id = self.rng.choice(self.threads)
        form = {"csrf_token": self.token, "submit": "Send svar", "submission_key": key,
                "body": "Tak for jeres erfaringer, det hjælper mig. "
                        f"drilltoken{key.translate(KEY_AS_LETTERS)}"}
        for attempt in range(1 + RESENDS):
            if attempt:
                with self.drill.lock:
                    self.drill.resent += 1
                time.sleep(0.2 * attempt)
            answer = self.call("reply", "POST", f"/traade/{thread_id}/svar", form)
            if answer and answer[0] < 500:
                break
        if answer and answer[0] == 302:
            match = POST_LOCATION.search(answer[1].get("Location", ""))
            if match:
                with self.drill.lock:
                    self.drill.replies[key] = int(match.group(2))

    def vote(self) -> None:
        if not self.ensure_token():
            return
        proposal_id = self.pairs.pop()[1]
        value = self.rng.choice(("for", "against", "abstain"))
        answer = self.call("vote", "POST", f"/forslag/{proposal_id}/stem",
                           {"csrf_token": self.token, "value": value})
        if answer and answer[0] == 302:
            cookie = self.browser.cookies.get("borgernet_session", "")
            if any(category == "success" for category, _text in session_flashes(cookie)):
                with self.drill.lock:
                    self.drill.votes[(self.user_id, proposal_id)] = value


# --- the world around the load -----------------------------------------------------------

def worker_pids(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def plan(database_url: str, people: int) -> tuple[list[tuple[int, str]], dict[int, list[int]], list[int]]:
    """Members of the first network to log in as, vote pairs without a vote, open threads."""
    with psycopg.connect(database_url) as connection:
        users = connection.execute(
            "SELECT u.id, u.pseudonym FROM users u JOIN memberships m ON m.user_id = u.id "
            "WHERE m.network_id = 1 AND m.status = 'active' ORDER BY u.id LIMIT %s",
            (people,)).fetchall()
        ids = [row[0] for row in users]
        pairs = connection.execute(
            "SELECT m.user_id, p.id FROM proposals p JOIN memberships m ON m.network_id = "
            "p.network_id AND m.status = 'active' AND m.joined_at < p.vote_opened_at "
            "WHERE p.state = 'voting' AND p.vote_deadline > now() + interval '1 day' "
            "AND m.user_id = ANY(%s) AND NOT EXISTS (SELECT 1 FROM votes v WHERE "
            "v.proposal_id = p.id AND v.user_id = m.user_id)", (ids,)).fetchall()
        threads = [row[0] for row in connection.execute(
            "SELECT id FROM threads WHERE network_id = 1 AND NOT is_locked ORDER BY id LIMIT 20")]
    by_user: dict[int, list[int]] = {}
    for user_id, proposal_id in pairs:
        by_user.setdefault(user_id, []).append(proposal_id)
    return users, by_user, threads


def audit(database_url: str, drill: Drill) -> dict:
    from sqlalchemy import create_engine

    from bench.generate import check_counters

    with psycopg.connect(database_url) as connection:
        found: Counter[str] = Counter()
        rows: dict[str, int] = {}
        keyless: list[str] = []  # saved without the key its form carried
        for post_id, body, key in connection.execute(
                "SELECT id, body, submission_key FROM posts WHERE body LIKE %s", ("%drilltoken%",)):
            for letters in TOKEN_RE.findall(body):
                token = letters.translate(LETTERS_AS_KEY)
                found[token] += 1
                rows[token] = post_id
                if key != token:
                    keyless.append(token)
        lost_replies = [t for t, post_id in drill.replies.items()
                        if found[t] == 0 or rows[t] != post_id]
        duplicate_replies = [t for t, n in found.items() if n > 1]
        vote_rows: dict[tuple[int, int], list[str]] = {}
        if drill.votes:
            for user_id, proposal_id, value in connection.execute(
                    "SELECT user_id, proposal_id, value FROM votes WHERE user_id = ANY(%s)",
                    ([u for u, _p in drill.votes],)):
                vote_rows.setdefault((user_id, proposal_id), []).append(value)
        lost_votes = [pair for pair, value in drill.votes.items()
                      if vote_rows.get(pair) != [value]]
        duplicate_votes = [pair for pair, values in vote_rows.items() if len(values) > 1]
        unacked_present = len([t for t in found if t not in drill.replies])
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as connection:
            counters = check_counters(connection)
    finally:
        engine.dispose()
    return {"lost": len(lost_replies) + len(lost_votes),
            "duplicates": len(duplicate_replies) + len(duplicate_votes),
            "lost_detail": [*lost_replies[:5], *map(str, lost_votes[:5])],
            "unacknowledged_but_saved": unacked_present, "counters": counters,
            "keyless": len(keyless)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--gunicorn-pidfile", required=True)
    parser.add_argument("--restart-command", required=True)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--kill-at", type=float, default=15)
    parser.add_argument("--restart-at", type=float, default=30)
    parser.add_argument("--people", type=int, default=16)
    args = parser.parse_args()
    manifest = json.loads(Path(args.manifest).read_text())
    master = int(Path(args.gunicorn_pidfile).read_text())
    workers_at_start = len(worker_pids(master))

    users, pairs, threads = plan(args.database_url, args.people)
    pages = ["/", f"/kommuner/{manifest['municipality_slug']}/{manifest['network_slug']}/",
             *(f"/traade/{t}" for t in threads[:5]),
             *(f"/forslag/{p}" for p in manifest["voting_proposal_ids"][:5])]
    people = []
    drill = Drill(args.app, 0.0, 0.0)
    for index, (user_id, pseudonym) in enumerate(users):
        browser = Browser(args.app)
        browser.log_in(pseudonym, manifest["password"])
        own = [(user_id, p) for p in pairs.get(user_id, [])]
        random.Random(index).shuffle(own)
        people.append(Person(drill, browser, user_id, pages, threads, own, index))
    print(f"{len(people)} people logged in; {sum(len(p.pairs) for p in people)} vote pairs "
          f"free; {len(threads)} threads to reply in; {workers_at_start} gunicorn workers",
          flush=True)

    drill.t0 = time.monotonic()
    drill.deadline = drill.t0 + args.duration
    for person in people:
        person.start()
    events = {}
    time.sleep(max(0.0, drill.t0 + args.kill_at - time.monotonic()))
    victim = worker_pids(master)[0]
    os.kill(victim, signal.SIGKILL)
    events["kill"] = time.monotonic()
    print(f"{events['kill'] - drill.t0:5.1f} s  SIGKILL gunicorn worker {victim}", flush=True)
    while time.monotonic() < events["kill"] + 10:
        current = worker_pids(master)
        if victim not in current and len(current) >= workers_at_start:
            break
        time.sleep(0.05)
    events["replaced"] = time.monotonic()
    time.sleep(max(0.0, drill.t0 + args.restart_at - time.monotonic()))
    events["restart"] = time.monotonic()
    print(f"{events['restart'] - drill.t0:5.1f} s  {args.restart_command}", flush=True)
    done = subprocess.run(args.restart_command, shell=True, capture_output=True, text=True,
                          check=False)
    events["restarted"] = time.monotonic()
    print(f"{events['restarted'] - drill.t0:5.1f} s  PostgreSQL restarted (exit {done.returncode})",
          flush=True)
    for person in people:
        person.join(timeout=args.duration + 30)

    return report(args, drill, events, master, workers_at_start)


def report(args, drill: Drill, events: dict, master: int, workers_at_start: int) -> int:
    t0 = drill.t0
    outcomes = sorted(drill.outcomes, key=lambda o: o.started)
    server_errors = [o for o in outcomes if o.status is not None and o.status >= 500]
    after_restart = [o for o in server_errors if o.ended >= events["restart"]]
    window_end = max([o.ended for o in after_restart] + [events["restarted"]])
    inside = [o for o in server_errors if events["restart"] <= o.ended <= window_end]
    outside = [o for o in server_errors if o not in inside]
    unfriendly = [o for o in server_errors if not o.friendly]
    socket_errors = [o for o in outcomes if o.error]
    after_window = [o for o in outcomes if o.started > window_end]
    recovered_ok = bool(after_window) and all(
        o.status is not None and o.status < 500 for o in after_window)
    first_failure = min((o.started for o in inside), default=None)
    first_ok = first_failure and next((o.ended for o in outcomes if o.started > first_failure
                                       and o.status is not None and o.status < 500), None)
    browser = Browser(args.app)
    ready = browser.request("GET", "/readyz")[0]
    same_master = Path(f"/proc/{master}").exists()
    workers_now = len(worker_pids(master))
    recovered = recovered_ok and ready == 200 and same_master and workers_now == workers_at_start
    result = audit(args.database_url, drill)
    kinds = Counter(o.kind for o in outcomes)

    def at(moment: float) -> str:
        return f"{moment - t0:.1f} s"

    print("\n--- drill result ---")
    print(f"requests: {len(outcomes)} (reads {kinds['read']}, replies {kinds['reply']}, "
          f"votes {kinds['vote']}) in {args.duration:.0f} s")
    answers = Counter(o.status or o.error for o in outcomes if o.kind == "reply")
    print(f"answers to replies: {', '.join(f'{k}: {n}' for k, n in answers.most_common())}")
    print(f"worker SIGKILL at {at(events['kill'])}: replaced after "
          f"{events['replaced'] - events['kill']:.1f} s; connection errors in all: "
          f"{len(socket_errors)} ({', '.join(sorted({o.error for o in socket_errors})) or '-'})")
    print(f"PostgreSQL restart at {at(events['restart'])}, command took "
          f"{events['restarted'] - events['restart']:.1f} s")
    print(f"5xx inside the restart window: {len(inside)} "
          f"({Counter(o.status for o in inside).most_common()}); outside it: {len(outside)}; "
          f"not the friendly page: {len(unfriendly)}")
    print(f"restart window: {at(events['restart'])} to {at(window_end)} = "
          f"{window_end - events['restart']:.1f} s"
          + (f"; first success {first_ok - first_failure:.1f} s after the first 503"
             if first_ok else ""))
    print(f"acknowledged writes: replies {len(drill.replies)}, votes {len(drill.votes)}; "
          f"replies sent again after a lost answer or a 5xx: {drill.resent}; "
          f"unacknowledged replies that were saved anyway: {result['unacknowledged_but_saved']}")
    print(f"lost acknowledged writes: {result['lost']} {result['lost_detail'] or ''}")
    print(f"duplicates: {result['duplicates']}")
    print(f"replies saved without their submission key: {result['keyless']}")
    print(f"counters consistent with the rows: {'yes' if not result['counters'] else result['counters']}")
    print(f"recovered without a restart: {'yes' if recovered else 'NO'} (gunicorn master "
          f"{'unchanged' if same_master else 'gone'}, {workers_now}/{workers_at_start} workers, "
          f"/readyz {ready}, {len(after_window)} requests after the window all "
          f"{'fine' if recovered_ok else 'NOT fine'})")
    failed = (result["lost"] or result["duplicates"] or not recovered or outside or unfriendly
              or result["counters"] or result["keyless"])
    print("DRILL FAILED" if failed else "DRILL PASSED")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
