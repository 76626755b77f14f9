#!/usr/bin/env bash
# Borgernet bench: gunicorn + PostgreSQL against a ceiling app, measured with wrk.
#
#   bash bench/run.sh            # small and large: every page at large, read pages at small
#   BENCH_SCALES=small bash bench/run.sh
#
# Installs wrk (Debian) when missing, starts PostgreSQL on 127.0.0.1:5432 when it is not
# running, creates one throw-away database per scale, generates the data, serves the app
# and the ceiling with the same gunicorn settings, measures, prints the table and writes
# bench/results/<scale>-<time>.json and bench/results/latest.json. Only 127.0.0.1 is used.
# Bounded: about 12 minutes with the defaults (BENCH_DURATION=20, BENCH_WARMUP=5).
set -euo pipefail
cd "$(dirname "$0")/.."

SCALES=${BENCH_SCALES:-"small large"}
PG_ADMIN_URL=${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
APP_PORT=${BENCH_APP_PORT:-8101}
CEILING_PORT=${BENCH_CEILING_PORT:-8102}
# gunicorn.conf.py's defaults (sync workers, 2 per core + 1), written out for the results.
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-$(( 2 * $(nproc) + 1 ))} GUNICORN_THREADS=${GUNICORN_THREADS:-1}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=bench/results
PY=.venv/bin/python
mkdir -p "$RESULTS"

log() { printf '\n=== %s ===\n' "$*"; }

[ -x "$PY" ] || make setup
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  log "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

# Redis for the rate limits and the page cache, as in production (README "Production").
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  command -v redis-server >/dev/null 2>&1 || {
    log "installing redis"; apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
  log "starting Redis"
  redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" >/dev/null
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.2; done
fi

PIDS=()
stop_servers() {
  for pidfile in "${PIDS[@]}"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  for pidfile in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do [ -f "$pidfile" ] || break; sleep 0.1; done
  done
  PIDS=()
}
DATABASES=()
cleanup() {
  stop_servers
  if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
    for name in "${DATABASES[@]}"; do
      psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null 2>&1 || true
    done
  fi
}
trap cleanup EXIT

serve() {  # serve NAME PORT APP [env...]: gunicorn with gunicorn.conf.py, wait for it
  local name=$1 port=$2 app=$3; shift 3
  local pidfile; pidfile=$(mktemp -u "/tmp/borgernet-bench-$name-XXXX.pid")
  env "$@" .venv/bin/gunicorn -c gunicorn.conf.py --bind "127.0.0.1:$port" --pid "$pidfile" \
    "$app" >"$RESULTS/.$name.log" 2>&1 &
  PIDS+=("$pidfile")
  for _ in $(seq 1 100); do
    $PY -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/', timeout=2)" \
      2>/dev/null && return 0
    sleep 0.2
  done
  echo "$name did not start; see $RESULTS/.$name.log" >&2
  exit 1
}

SECRET=$($PY -c "import secrets; print(secrets.token_hex(32))")
for scale in $SCALES; do
  db="borgernet_bench_${scale}_$$"
  DATABASES+=("$db")
  log "generating $scale into $db"
  psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$db\"" -c "CREATE DATABASE \"$db\"" >/dev/null
  url="postgresql://postgres@127.0.0.1:5432/$db"
  started=$(date +%s%N)
  $PY -m bench.generate --scale "$scale" --database-url "$url" --quiet \
    --schema "${BENCH_SCHEMA:-migrations}" --manifest "$RESULTS/.manifest-$scale.json"
  elapsed=$(( ($(date +%s%N) - started) / 100000000 ))
  echo "generate $scale: $((elapsed / 10)).$((elapsed % 10)) s wall, process start to end"
  # A fresh load of `large` leaves PostgreSQL's spread-out checkpoint and the kernel's write-back
  # busy for the first minutes; the pages that reach the database (logged in, vote) measured
  # half their speed then (2026-12-01: 124, then 173 req/s, against 264 right after a CHECKPOINT
  # and sync, and 296 twenty minutes later). Finish that work before measuring.
  started=$(date +%s%N)
  psql -q "$url" -c "CHECKPOINT" >/dev/null && sync
  elapsed=$(( ($(date +%s%N) - started) / 100000000 ))
  echo "checkpoint and sync after generating: $((elapsed / 10)).$((elapsed % 10)) s"

  log "serving $scale (workers=$WEB_CONCURRENCY threads=$GUNICORN_THREADS)"
  serve app "$APP_PORT" wsgi:app BORGERNET_ENV=production SECRET_KEY="$SECRET" \
    DATABASE_URL="$url" REDIS_URL="redis://127.0.0.1:6379/0" MAIL_DISABLED=1 \
    PAGE_CACHE_KEY_PREFIX="borgernet-bench-$$-$scale:" LIMIT_VOTE="1000000 per minute" LIMIT_LOGIN_IP="1000 per minute" \
    LIMIT_LOGIN_ACCOUNT="1000 per minute"
  serve ceiling "$CEILING_PORT" bench.ceiling:app
  targets="read,write"
  [ "$scale" = small ] && [[ "$SCALES" == *large* ]] && targets="read"
  $PY -m bench.driver measure --app "http://127.0.0.1:$APP_PORT" \
    --ceiling "http://127.0.0.1:$CEILING_PORT" --manifest "$RESULTS/.manifest-$scale.json" \
    --targets "$targets" --out "$RESULTS/$scale-$STAMP.json"
  stop_servers
  if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
    psql -q "$PG_ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null
  fi
done

log "results"
last=$(echo "$SCALES" | awk '{print $NF}')
small_arg=()
if [[ "$SCALES" == *small* ]] && [ "$last" != small ]; then
  small_arg=(--small "$RESULTS/small-$STAMP.json")
fi
$PY -m bench.driver summary --large "$RESULTS/$last-$STAMP.json" "${small_arg[@]}" \
  --out "$RESULTS/latest.json"
