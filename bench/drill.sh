#!/usr/bin/env bash
# Reliability drill: 60 s of mixed load (reads, replies, votes) against gunicorn + PostgreSQL;
# one gunicorn worker is SIGKILLed at 15 s and PostgreSQL is restarted at 30 s. Afterwards
# every write the server acknowledged must be in the database exactly once, and the app must
# have recovered by itself. Exits non-zero otherwise. Only 127.0.0.1 is used.
#
#   bash bench/drill.sh                      # a PostgreSQL cluster of its own (port 5433)
#   DRILL_CLUSTER=main bash bench/drill.sh   # restart the machine's main cluster instead
#
# By default the drill creates a throw-away cluster, so restarting it does not disturb
# anyone else using the main one; it is dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
VERSION=${PG_VERSION:-$(ls /etc/postgresql | sort -n | tail -n1)}
CLUSTER=${DRILL_CLUSTER:-borgernet_drill}
APP_PORT=${DRILL_APP_PORT:-8201}
RESULTS=bench/results
# gunicorn.conf.py's defaults (sync workers, 2 per core + 1), written out for the results.
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-$(( 2 * $(nproc) + 1 ))} GUNICORN_THREADS=${GUNICORN_THREADS:-1}
mkdir -p "$RESULTS"
[ -x "$PY" ] || make setup

log() { printf '\n=== %s ===\n' "$*"; }

if [ "$CLUSTER" = main ]; then
  PG_PORT=5432
else
  PG_PORT=${DRILL_PG_PORT:-5433}
  if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$VERSION/$CLUSTER"; then
    log "creating PostgreSQL cluster $VERSION/$CLUSTER on port $PG_PORT"
    pg_createcluster "$VERSION" "$CLUSTER" --port "$PG_PORT" >/dev/null
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' \
      >"/etc/postgresql/$VERSION/$CLUSTER/pg_hba.conf"
  fi
fi
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$CLUSTER" start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$PG_PORT" -q && break; sleep 1; done

DB="borgernet_drill_$$"
ADMIN="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
URL="postgresql://postgres@127.0.0.1:$PG_PORT/$DB"
PIDFILE=$(mktemp -u /tmp/borgernet-drill-XXXX.pid)
cleanup() {
  if [ -f "$PIDFILE" ]; then
    kill "$(cat "$PIDFILE")" 2>/dev/null || true
    for _ in $(seq 1 50); do [ -f "$PIDFILE" ] || break; sleep 0.1; done
  fi
  if [ "$CLUSTER" = main ]; then
    psql -q "$ADMIN" -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  elif [ "${DRILL_KEEP_CLUSTER:-0}" != 1 ]; then
    pg_dropcluster --stop "$VERSION" "$CLUSTER" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

log "generating small data into $DB"
psql -q "$ADMIN" -c "CREATE DATABASE \"$DB\"" >/dev/null
$PY -m bench.generate --scale small --database-url "$URL" --quiet \
  --schema "${BENCH_SCHEMA:-migrations}" --manifest "$RESULTS/.manifest-drill.json"

log "serving with gunicorn (workers=$WEB_CONCURRENCY threads=$GUNICORN_THREADS)"
env BORGERNET_ENV=production SECRET_KEY="$($PY -c 'import secrets; print(secrets.token_hex(32))')" \
  DATABASE_URL="$URL" MAIL_DISABLED=1 LIMIT_VOTE="1000000 per minute" LIMIT_REPLY="1000000 per minute" \
  LIMIT_LOGIN_IP="1000000 per minute" LIMIT_LOGIN_ACCOUNT="1000000 per minute" \
  .venv/bin/gunicorn -c gunicorn.conf.py --bind "127.0.0.1:$APP_PORT" --pid "$PIDFILE" \
  >"$RESULTS/.drill-gunicorn.log" 2>&1 &
for _ in $(seq 1 100); do
  $PY -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$APP_PORT/readyz', timeout=2)" \
    2>/dev/null && break
  sleep 0.2
done

log "drill: 60 s of load, worker SIGKILL at 15 s, PostgreSQL restart at 30 s"
$PY -m bench.drill --app "http://127.0.0.1:$APP_PORT" --database-url "$URL" \
  --manifest "$RESULTS/.manifest-drill.json" --gunicorn-pidfile "$PIDFILE" \
  --restart-command "pg_ctlcluster --skip-systemctl-redirect $VERSION $CLUSTER restart" \
  --duration "${DRILL_DURATION:-60}" --kill-at "${DRILL_KILL_AT:-15}" \
  --restart-at "${DRILL_RESTART_AT:-30}" | tee "$RESULTS/drill-$(date -u +%Y%m%dT%H%M%SZ).txt"
exit "${PIPESTATUS[0]}"
