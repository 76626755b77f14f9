#!/usr/bin/env bash
# Lighthouse (mobile preset: simulated slow 4G and a 4x slower CPU) on the demo app's front
# page and the busiest public thread page. Not part of `make test`; a benchmark, ~2 minutes.
#
#   bash bench/lighthouse.sh                 # prints the table, keeps the reports
#   LIGHTHOUSE_RUNS=5 bash bench/lighthouse.sh
#
# Installs Lighthouse 12 (pinned in bench/lighthouse/package.json, outside the app's own
# package.json) with `npm ci` when missing, seeds a throw-away SQLite demo database, serves it
# with gunicorn in the production configuration on 127.0.0.1, runs Debian's chromium headless
# LIGHTHOUSE_RUNS times per page (default 3) and reports the median run by performance score.
# Writes bench/results/lighthouse-<time>.json (the numbers) and the last full reports as
# bench/results/.lighthouse-<page>.report.json (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${LIGHTHOUSE_RUNS:-3}
PORT=${LIGHTHOUSE_PORT:-8111}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
PY=.venv/bin/python
RESULTS=bench/results
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$RESULTS"

[ -x "$PY" ] || make setup
[ -f static/vendor/dkfds/css/dkfds-borgerdk.min.css ] || make setup
LH=bench/lighthouse/node_modules/.bin/lighthouse
[ -x "$LH" ] || npm ci --prefix bench/lighthouse --no-audit --no-fund

WORK=$(mktemp -d /tmp/borgernet-lighthouse-XXXX)
PIDFILE="$WORK/gunicorn.pid"
cleanup() {
  [ -f "$PIDFILE" ] && kill "$(cat "$PIDFILE")" 2>/dev/null || true
  for _ in $(seq 1 50); do [ -f "$PIDFILE" ] || break; sleep 0.1; done
  rm -rf "$WORK"
}
trap cleanup EXIT

export DATABASE_URL="sqlite:///$WORK/demo.sqlite"
.venv/bin/flask --app wsgi db upgrade >/dev/null 2>&1
.venv/bin/flask --app wsgi seed-demo >/dev/null
THREAD=$($PY - <<'PY'
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.forum.models import Post, Thread
from app.networks.models import Network, Visibility

with create_app().app_context():
    print(db.session.execute(
        select(Thread.id).join(Network, Thread.network_id == Network.id).join(Post)
        .where(Network.visibility == Visibility.PUBLIC)
        .group_by(Thread.id).order_by(func.count(Post.id).desc(), Thread.id).limit(1)).scalar_one())
PY
)

BORGERNET_ENV=production SECRET_KEY=$($PY -c "import secrets; print(secrets.token_hex(32))") \
  MAIL_DISABLED=1 WEB_CONCURRENCY=2 \
  .venv/bin/gunicorn -c gunicorn.conf.py --bind "127.0.0.1:$PORT" --pid "$PIDFILE" \
  >"$WORK/gunicorn.log" 2>&1 &
for _ in $(seq 1 100); do
  $PY -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$PORT/', timeout=2)" \
    2>/dev/null && break
  sleep 0.2
done

BASE="http://127.0.0.1:$PORT"
for page in front thread; do
  case $page in
    front) url="$BASE/" ;;
    thread) url="$BASE/traade/$THREAD" ;;
  esac
  for run in $(seq 1 "$RUNS"); do
    "$LH" "$url" --quiet --only-categories=performance --output=json \
      --output-path="$WORK/$page-$run.json" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null 2>&1
  done
done

$PY - "$WORK" "$RUNS" "$RESULTS/lighthouse-$STAMP.json" <<'PY'
import json
import shutil
import sys
from pathlib import Path

work, runs, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
table = {}
for page in ("front", "thread"):
    rows = []
    for run in range(1, runs + 1):
        path = work / f"{page}-{run}.json"
        report = json.loads(path.read_text())
        audits = report["audits"]
        kinds = {item["resourceType"]: item for item in
                 audits["resource-summary"]["details"]["items"]}
        rows.append({
            "report": str(path),
            "url": report["finalDisplayedUrl"],
            "performance": round(report["categories"]["performance"]["score"] * 100),
            "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
            "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
            "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
            "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
            "speed_index_ms": round(audits["speed-index"]["numericValue"]),
            "total_bytes": audits["total-byte-weight"]["numericValue"],
            "requests": kinds["total"]["requestCount"],
            "css_bytes": kinds.get("stylesheet", {}).get("transferSize", 0),
            "font_bytes": kinds.get("font", {}).get("transferSize", 0),
            "font_files": kinds.get("font", {}).get("requestCount", 0),
            "document_bytes": kinds.get("document", {}).get("transferSize", 0),
        })
    rows.sort(key=lambda row: row["performance"])
    median = rows[len(rows) // 2]
    shutil.copy(median.pop("report"), out.parent / f".lighthouse-{page}.report.json")
    median["scores"] = [row["performance"] for row in rows]
    table[page] = median
out.write_text(json.dumps(table, indent=2) + "\n")
columns = ["performance", "fcp_ms", "lcp_ms", "tbt_ms", "cls", "total_bytes", "css_bytes",
           "font_bytes", "font_files", "document_bytes", "requests", "scores"]
print("| page | " + " | ".join(columns) + " |")
print("|---" * (len(columns) + 1) + "|")
for page, row in table.items():
    print(f"| {page} | " + " | ".join(str(row[c]) for c in columns) + " |")
print(f"\nwritten: {out}")
PY
