"""Where a page's time goes, measured in-process (no HTTP, no wrk):

    python -m bench.profile --database-url URL --manifest M.json [--pyinstrument thread]

Prints the Python CPU milliseconds per request of each read page, the logged-in thread page,
the vote POST and the ceiling, and the ratio that implies when the CPU is the limit: the best
of three rounds, as a busy neighbour only ever adds time. It still moves by 10-30 % on this
shared machine; `python -m bench.icount` counts instructions, which do not move. With
--pyinstrument PAGE (pip install pyinstrument) it prints that page's call tree. The queries
each page sends are listed with --queries.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from bench.driver import CSRF_RE, targets_for

READ_PAGES = ("front", "network", "thread", "thread_last", "proposal", "top")
MEMBER_PAGES = ("thread_logged_in", "vote")
FLOOR_PAGES = ("healthz", "healthz_logged_in")
BASE = "https://borgernet.bench"  # the production config's cookies are Secure: speak https


def cpu_per_request(send, count: int, rounds: int = 3) -> float:
    """Python CPU ms of one call of send(), after five to warm up: the best of `rounds` rounds
    of `count` calls (as timeit does: a busy neighbour only ever adds time)."""
    for _ in range(5):
        send()
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(count):
            send()
        best = min(best, (time.process_time() - started) / count * 1000)
    return best


def getter(client, path: str):
    return lambda: client.get(path, base_url=BASE).close()


def member_senders(app, manifest: dict) -> dict:
    """The bench user's thread page and vote POST, with its session cookie and CSRF token."""
    client = app.test_client()
    headers = {"Referer": BASE + "/"}
    page = client.get("/konto/log-ind", base_url=BASE).get_data(as_text=True)
    token = CSRF_RE.search(page).group(1)
    answer = client.post("/konto/log-ind", base_url=BASE, headers=headers, data={
        "csrf_token": token, "login": manifest["bench_pseudonym"],
        "password": manifest["password"]})
    if answer.status_code != 302:
        raise SystemExit(f"log-in as {manifest['bench_pseudonym']} answered {answer.status_code}")
    thread = f"/traade/{manifest['medium_thread_id']}"
    proposal = manifest["voting_proposal_ids"][0]
    page = client.get(f"/forslag/{proposal}", base_url=BASE).get_data(as_text=True)
    token = CSRF_RE.search(page).group(1)
    votes = [f"/forslag/{pid}/stem" for pid in manifest["voting_proposal_ids"]]
    turn = iter(range(10**9))
    name = app.config["SESSION_COOKIE_NAME"]
    logged_in = client.get_cookie(name, domain="borgernet.bench").value

    def vote() -> None:
        # As wrk does: every vote sends the session cookie of the log-in, so the flash
        # messages of earlier votes do not pile up in it.
        client.set_cookie(name, logged_in, domain="borgernet.bench", secure=True)
        path = votes[next(turn) % len(votes)]
        answer = client.post(path, base_url=BASE, headers=headers,
                             data={"csrf_token": token, "value": "for"})
        if answer.status_code != 302:
            raise SystemExit(f"the vote POST answered {answer.status_code}")
        answer.close()

    return {"thread_logged_in": (thread, getter(client, thread)), "vote": (votes[0], vote),
            "healthz_logged_in": ("/healthz", getter(client, "/healthz"))}


def senders_for(database_url: str, manifest_path: str) -> tuple:
    """The app (production configuration) and, by page, (path, send) for every measured page,
    the ceiling included as "ceiling"."""
    os.environ.update({"BORGERNET_ENV": "production", "SECRET_KEY": "p" * 64, "MAIL_DISABLED": "1",
                       "DATABASE_URL": database_url, "LIMIT_VOTE": "1000000 per minute",
                       "LIMIT_LOGIN_IP": "1000 per minute", "LIMIT_LOGIN_ACCOUNT": "1000 per minute"})
    from app import create_app
    from bench.ceiling import app as ceiling_app

    manifest = json.loads(Path(manifest_path).read_text())
    paths = {t.key: t.paths[0] for t in targets_for(manifest, "http://127.0.0.1", READ_PAGES)}
    app = create_app()
    client = app.test_client()
    senders = {"ceiling": ("/", getter(ceiling_app.test_client(), "/"))}
    senders.update({key: (path, getter(client, path)) for key, path in paths.items()})
    # The floor: the app's cheapest answer, for a visitor and for someone logged in (who is
    # looked up in the database on every request, this one included).
    senders["healthz"] = ("/healthz", getter(client, "/healthz"))
    senders.update(member_senders(app, manifest))
    return app, senders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--pyinstrument", choices=READ_PAGES + MEMBER_PAGES + FLOOR_PAGES)
    parser.add_argument("--queries", action="store_true")
    args = parser.parse_args()
    app, senders = senders_for(args.database_url, args.manifest)
    ceiling = cpu_per_request(senders.pop("ceiling")[1], args.count)
    print(f"{'page':<16} {'CPU ms/request':>15} {'ceiling÷page':>13}  path")
    print(f"{'ceiling':<16} {ceiling:15.2f} {1:13.2f}  /")
    for key, (path, send) in senders.items():
        cost = cpu_per_request(send, args.count)
        print(f"{key:<16} {cost:15.2f} {ceiling / cost:13.2f}  {path}")
    if args.queries:
        _print_queries(app, senders)
    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        with profiler:
            for _ in range(args.count):
                senders[args.pyinstrument][1]()
        print(profiler.output_text(unicode=False, color=False, show_all=bool(os.environ.get("PROFILE_ALL"))))


def _print_queries(app, senders: dict) -> None:
    from sqlalchemy import event

    from app.extensions import db

    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def remember(_conn, _cursor, statement, *_args) -> None:
        seen.append(" ".join(statement.split())[:160])

    event.listen(engine, "before_cursor_execute", remember)
    for key, (_path, send) in senders.items():
        send()
        seen.clear()
        send()
        print(f"\n{key}: {len(seen)} statements")
        for statement in seen:
            print(f"  {statement}")
    event.remove(engine, "before_cursor_execute", remember)


if __name__ == "__main__":
    main()
