"""Where a page's time goes, measured in-process (no HTTP, no wrk):

    python -m bench.profile --database-url URL --manifest M.json [--pyinstrument thread]

Prints the Python CPU milliseconds per request of each read page and of the ceiling, and the
ratio that implies when the CPU is the limit. CPU time barely depends on what else the
machine is doing, so this stays useful on a busy machine where req/s do not. With
--pyinstrument PAGE (pip install pyinstrument) it prints that page's call tree. The queries
each page sends are listed with --queries.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from bench.driver import targets_for

READ_PAGES = ("front", "network", "thread", "thread_last", "proposal", "top")


def cpu_per_request(client, path: str, count: int) -> float:  # noqa: ANN001
    for _ in range(5):
        client.get(path)
    started = time.process_time()
    for _ in range(count):
        response = client.get(path)
        response.close()
    return (time.process_time() - started) / count * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--pyinstrument", choices=READ_PAGES)
    parser.add_argument("--queries", action="store_true")
    args = parser.parse_args()
    os.environ.update({"BORGERNET_ENV": "production", "SECRET_KEY": "p" * 64,
                       "DATABASE_URL": args.database_url})
    from app import create_app
    from bench.ceiling import app as ceiling_app

    manifest = json.loads(Path(args.manifest).read_text())
    paths = {t.key: t.paths[0] for t in targets_for(manifest, "http://127.0.0.1", READ_PAGES)}
    app = create_app()
    client = app.test_client()
    ceiling = cpu_per_request(ceiling_app.test_client(), "/", args.count)
    print(f"{'page':<14} {'CPU ms/request':>15} {'ceiling÷page':>13}  path")
    print(f"{'ceiling':<14} {ceiling:15.2f} {1:13.2f}  /")
    for key, path in paths.items():
        cost = cpu_per_request(client, path, args.count)
        print(f"{key:<14} {cost:15.2f} {ceiling / cost:13.2f}  {path}")
    if args.queries:
        _print_queries(app, client, paths)
    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        with profiler:
            for _ in range(args.count):
                client.get(paths[args.pyinstrument]).close()
        print(profiler.output_text(unicode=False, color=False))


def _print_queries(app, client, paths: dict[str, str]) -> None:  # noqa: ANN001
    from sqlalchemy import event

    from app.extensions import db

    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def remember(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001, ANN002
        seen.append(" ".join(statement.split())[:160])

    event.listen(engine, "before_cursor_execute", remember)
    for key, path in paths.items():
        client.get(path).close()
        seen.clear()
        client.get(path).close()
        print(f"\n{key}: {len(seen)} statements")
        for statement in seen:
            print(f"  {statement}")
    event.remove(engine, "before_cursor_execute", remember)


if __name__ == "__main__":
    main()
