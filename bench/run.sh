#!/bin/sh
# The scale benchmark: a fresh PostgreSQL database of its own, the committed fixtures and
# a synthetic province of about FACTS fact rows (generate_synthetic), then per page type
# (home, region, 三公, ranking, search, organisation-year, drill-down, official tables,
# API list, API table): p50/p95 uncached and cached, the bare SQL time and the ratio, the
# query count (manage.py bench_scale); then requests per second of each page type under
# the production server (gunicorn, `sh scripts/serve.sh --production`) driven by wrk from
# loopback, pages cached as in production.
#
#   sh bench/run.sh                      # about 1.5 million facts
#   sh bench/run.sh --facts 200000       # a quicker run
#   DURATION=10s CONNECTIONS=50 REDIS_URL=redis://127.0.0.1:6379/9 sh bench/run.sh
#
# Needs PostgreSQL (PGHOST, default 127.0.0.1, user postgres) and wrk.
set -eu
cd "$(dirname "$0")/.."
FACTS=1500000
while [ $# -gt 0 ]; do
    case "$1" in
        --facts) FACTS="$2"; shift 2 ;;
        *) echo "usage: sh bench/run.sh [--facts N]" >&2; exit 2 ;;
    esac
done
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-50}"
PORT="${PORT:-8766}"
PGHOST="${PGHOST:-127.0.0.1}"
database="yusuan_bench_$$"
work=$(mktemp -d)

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt

export DATABASE_URL="postgres://postgres@${PGHOST}:5432/${database}"
export SECRET_KEY="bench-$(date +%s)-$$" ALLOWED_HOSTS=127.0.0.1 PORT HOST=127.0.0.1
export SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto STATIC_ROOT="$work/static" ACCESS_LOG=false
export LOG_LEVEL=WARNING

cleanup() {
    [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    psql -h "$PGHOST" -U postgres -d postgres -q -c "DROP DATABASE IF EXISTS ${database} WITH (FORCE)"
    rm -rf "$work"
}
trap cleanup EXIT
psql -h "$PGHOST" -U postgres -d postgres -q -c "CREATE DATABASE ${database}"
.venv/bin/python manage.py migrate --noinput --verbosity 0
.venv/bin/python manage.py load_initial_data --verbosity 0
echo "== generate_synthetic --facts ${FACTS} --years 3"
.venv/bin/python manage.py generate_synthetic --facts "$FACTS" --years 3 --regions 5 --no-progress
psql -h "$PGHOST" -U postgres -d "$database" -Atc "SELECT 'documents ' || count(*) FROM disclosures_document"
# DEBUG=false serves static names from the manifest collectstatic writes
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
echo "== per page type (ms; test client, no network; SQL = the same queries run bare)"
DEBUG=false SECURE_SSL_REDIRECT=false .venv/bin/python manage.py bench_scale --paths-file "$work/pages"

sh scripts/serve.sh --production 2> "$work/server.log" &
server=$!
for _try in $(seq 1 60); do
    curl -fs -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:${PORT}/" && break
    sleep 1
done
echo "== production server, wrk ${CONNECTIONS} connections × ${DURATION} per page type" \
    "(workers ${WEB_CONCURRENCY:-2}, cache ${REDIS_URL:-local memory})"
printf "%-18s %10s %8s %8s %7s\n" page "req/s" "p50 ms" "p99 ms" errors
failed=0
while read -r name path; do
    echo "$path" > "$work/paths"
    PATHS_FILE="$work/paths" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s \
        -s bench/paths.lua "http://127.0.0.1:${PORT}" > "$work/wrk.out" || true
    awk -v name="$name" '
        /^requests_per_second/ {rps = $2} /^latency_p50_ms/ {p50 = $2}
        /^latency_p99_ms/ {p99 = $2} /^errors_/ {errors += $2}
        END {printf "%-18s %10s %8s %8s %7d\n", name, rps, p50, p99, errors}' "$work/wrk.out"
    errors=$(awk '/^errors_/ {sum += $2} END {print sum + 0}' "$work/wrk.out")
    [ "$errors" -eq 0 ] || failed=1
done < "$work/pages"
[ "$failed" -eq 0 ] || { echo "errors (server log, last lines):" >&2; tail -n 20 "$work/server.log" >&2; exit 1; }
