"""Instructions per request, counted by valgrind (callgrind): numbers that do not move.

    python -m bench.icount --database-url URL --manifest M.json [--pages thread,vote] [--count 20]

A shared machine makes seconds wobble by a third from one minute to the next; the number of
instructions the Python process runs for a request is the same every time. Each page gets its
own process under callgrind: it starts the app (production configuration, as bench.profile),
sends ten requests to warm up, and only then starts counting (callgrind zeroes its counters
when the process calls getppid() and writes them out when it calls getpgrp()), for --count
requests. The database's and Redis's own work is not in the count: they are other processes.
Slow (about a minute a page, two at a time); for where the time goes, see bench.profile.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.profile import FLOOR_PAGES, MEMBER_PAGES, READ_PAGES

PAGES = ("ceiling", *FLOOR_PAGES, *READ_PAGES, *MEMBER_PAGES)


def count_page(args: argparse.Namespace, page: str) -> int:
    """Instructions per request of one page, from a callgrind run of `--child PAGE`."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", "--zero-before=getppid", "--dump-before=getpgrp",
             f"--callgrind-out-file={out}", sys.executable, "-m", "bench.icount",
             "--database-url", args.database_url, "--manifest", args.manifest,
             "--count", str(args.count), "--child", page],
            check=True, capture_output=True, timeout=900)
        dump = Path(f"{out}.1")  # the dump at getpgrp(); the plain file is the exit
        totals = next(line for line in dump.read_text().splitlines() if line.startswith("totals:"))
        return int(totals.split()[1]) // args.count


def child(args: argparse.Namespace) -> None:
    from bench.profile import senders_for

    _app, senders = senders_for(args.database_url, args.manifest)
    send = senders[args.child][1]
    for _ in range(10):
        send()
    os.getppid()  # callgrind: counting starts here
    for _ in range(args.count):
        send()
    os.getpgrp()  # ... and ends here


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--child", choices=PAGES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is needed: apt-get install -y valgrind")
    pages = [page for page in args.pages.split(",") if page]
    if "ceiling" not in pages:
        pages.insert(0, "ceiling")
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = dict(zip(pages, pool.map(lambda page: count_page(args, page), pages), strict=True))
    print(f"{'page':<16} {'instructions/request':>21} {'ceiling÷page':>13}")
    for page, count in counts.items():
        print(f"{page:<16} {count:21,} {counts['ceiling'] / count:13.3f}")


if __name__ == "__main__":
    main()
