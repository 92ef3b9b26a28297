#!/bin/sh
# Load test of the production server: a fresh PostgreSQL database with every committed
# fixture, `sh scripts/serve.sh --production` (gunicorn, DEBUG off) on loopback, and wrk
# requesting every public page type, the downloads and the API in turn, as through a TLS
# proxy. Prints requests per second, p50/p99 latency and errors; exits 1 on any error.
#
#   sh bench/load.sh                    # 60 s, 50 connections
#   DURATION=10s CONNECTIONS=20 sh bench/load.sh
#
# Needs PostgreSQL (PGHOST, default 127.0.0.1, user postgres) and wrk (apt-get install wrk).
set -eu
cd "$(dirname "$0")/.."
DURATION="${DURATION:-60s}"
CONNECTIONS="${CONNECTIONS:-50}"
PORT="${PORT:-8765}"
PGHOST="${PGHOST:-127.0.0.1}"
database="yusuan_load_$$"
work=$(mktemp -d)

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt

export DATABASE_URL="postgres://postgres@${PGHOST}:5432/${database}"
export SECRET_KEY="load-test-$(date +%s)-$$" ALLOWED_HOSTS=127.0.0.1 PORT HOST=127.0.0.1
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
.venv/bin/python manage.py load_paths > "$work/paths"

sh scripts/serve.sh --production 2> "$work/server.log" &
server=$!
for _try in $(seq 1 60); do
    curl -fs -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:${PORT}/" && break
    sleep 1
done

echo "wrk: ${CONNECTIONS} connections for ${DURATION} over $(wc -l < "$work/paths") paths," \
    "workers ${WEB_CONCURRENCY:-2}, PostgreSQL ${database}"
PATHS_FILE="$work/paths" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 30s \
    -s bench/paths.lua "http://127.0.0.1:${PORT}" > "$work/wrk.out"
sed -n '/^paths/,$p' "$work/wrk.out"
errors=$(awk '/^errors_/ {sum += $2} END {print sum + 0}' "$work/wrk.out")
if [ "$errors" -ne 0 ]; then
    echo "errors: $errors (server log: last lines)" >&2
    tail -n 20 "$work/server.log" >&2
    while read -r path; do
        code=$(curl -s -o /dev/null -w "%{http_code}" -H "X-Forwarded-Proto: https" "http://127.0.0.1:${PORT}${path}")
        [ "$code" = 200 ] || echo "  $code $path" >&2
    done < "$work/paths"
    exit 1
fi
