#!/bin/sh
# The scale benchmark: a fresh PostgreSQL database of its own, the committed fixtures and
# a synthetic province of about FACTS fact rows (generate_synthetic), then per page type
# (home, region, 三公, ranking, search, organisation-year, drill-down, official tables,
# API list, API table, an organisation's 决算 against its budget, a region's 决算):
# p50/p95 uncached and cached, the bare SQL time and the ratio, the query count and the
# rows the page's queries read (manage.py bench_scale); then requests per second of each
# page type under the production server (gunicorn, `sh scripts/serve.sh --production`)
# driven by wrk from loopback, pages cached as in production.
#
# --province: two provinces, five years of budgets and 决算 each. Seed 1 is built to
# SMALL_FACTS (2 million) and measured; seed 2 is built beside it to FACTS in all (20
# million) and the same URLs are measured again, each figure with its ratio to the first;
# then wrk at 50 and 200 connections, each page cached and uncached (with a session cookie,
# which the site never answers from its cache). The machine is named first.
#
#   sh bench/run.sh                      # about 1.5 million facts
#   sh bench/run.sh --facts 200000       # a quicker run
#   sh bench/run.sh --province           # 2 M, then 20 M facts: for bench/RESULTS.md
#   sh bench/run.sh --province --small-facts 100000 --facts 1000000   # the pipeline, quickly
#   DURATION=10s CONNECTIONS=50 REDIS_URL=redis://127.0.0.1:6379/9 sh bench/run.sh
#   KEEP=yusuan_province sh bench/run.sh --province   # keep the two databases, reuse them
#
# With KEEP=NAME the province's databases are NAME_small (seed 1) and NAME (seed 1, then
# seed 2, copied from NAME_small) and are not dropped: a later run with the same KEEP
# migrates them and measures again without building them (20 M facts took 25 minutes to
# load on two cores, 2026-12-07).
#
# Needs PostgreSQL (PGHOST, default 127.0.0.1, user postgres) and wrk (apt-get install wrk).
set -eu
cd "$(dirname "$0")/.."
FACTS=""
SMALL_FACTS=2000000
province=false
while [ $# -gt 0 ]; do
    case "$1" in
        --facts) FACTS="$2"; shift 2 ;;
        --small-facts) SMALL_FACTS="$2"; shift 2 ;;
        --province) province=true; shift ;;
        *) echo "usage: sh bench/run.sh [--facts N] [--province [--small-facts N]]" >&2; exit 2 ;;
    esac
done
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-50}"
PORT="${PORT:-8766}"
PGHOST="${PGHOST:-127.0.0.1}"
base="${KEEP:-yusuan_bench_$$}"
database="$base"
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
    [ -n "${KEEP:-}" ] || for name in "$base" "${base}_small"; do
        psql -h "$PGHOST" -U postgres -d postgres -q -c "DROP DATABASE IF EXISTS ${name} WITH (FORCE)"
    done
    rm -rf "$work"
}
trap cleanup EXIT
exists() {
    [ "$(psql -h "$PGHOST" -U postgres -d postgres -Atc "SELECT count(*) FROM pg_database WHERE datname = '$1'")" = 1 ]
}
# $1 database: made, migrated and given the fixtures, or (kept) migrated
prepare() { # (DATABASE_URL names it)
    fresh=false
    exists "$1" || { psql -h "$PGHOST" -U postgres -d postgres -q -c "CREATE DATABASE $1"; fresh=true; }
    .venv/bin/python manage.py migrate --noinput --verbosity 0
    [ "$fresh" = false ] || .venv/bin/python manage.py load_initial_data --verbosity 0
}

generate() { # seed, facts, years
    echo "== generate_synthetic --seed $1 --facts $2 --years $3"
    [ "$(psql -h "$PGHOST" -U postgres -d "$database" -Atc \
        "SELECT count(*) FROM organisations_region WHERE synthetic AND code = '9$(printf %02d "$1")000'")" = 0 ] \
        || { echo "(kept from an earlier run)"; return 0; }
    .venv/bin/python manage.py generate_synthetic --seed "$1" --facts "$2" --years "$3" \
        --regions 5 --no-progress
    psql -h "$PGHOST" -U postgres -d "$database" -Atc \
        "SELECT 'documents ' || count(*) || ', 决算 ' || count(*) FILTER (WHERE stage = 'final_accounts') FROM disclosures_document"
}
bench() { # bench_scale's options
    DEBUG=false SECURE_SSL_REDIRECT=false .venv/bin/python manage.py bench_scale "$@"
}
# wrk: each page type in turn; $1 connections, $2 "uncached" (a session cookie: never cached).
drive() {
    cookie=""
    [ "$2" = uncached ] && cookie="sessionid=bench"
    echo "== production server, wrk $1 connections × ${DURATION} per page type, ${2:-cached}" \
        "(workers ${WEB_CONCURRENCY:-2}, cache ${REDIS_URL:-local memory})"
    printf "%-18s %10s %8s %8s %7s %8s\n" page "req/s" "p50 ms" "p99 ms" errors timeouts
    while read -r name path; do
        echo "$path" > "$work/paths"
        COOKIE="$cookie" PATHS_FILE="$work/paths" wrk -t2 -c"$1" -d"$DURATION" --timeout 30s \
            -s bench/paths.lua "http://127.0.0.1:${PORT}" > "$work/wrk.out" || true
        awk -v name="$name" '
            /^requests_per_second/ {rps = $2} /^latency_p50_ms/ {p50 = $2}
            /^latency_p99_ms/ {p99 = $2} /^errors_/ {errors += $2} /^timeouts/ {timeouts = $2}
            END {printf "%-18s %10s %8s %8s %7d %8d\n", name, rps, p50, p99, errors, timeouts}' \
            "$work/wrk.out"
        errors=$(awk '/^errors_/ {sum += $2} END {print sum + 0}' "$work/wrk.out")
        [ "$errors" -eq 0 ] || failed=1
        drain
    done < "$work/pages"
}
# The requests wrk left queued are still served after it stops: wait for them, so that
# the next page type starts on an idle server.
drain() {
    for _try in $(seq 1 120); do
        curl -fs -m 2 -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:${PORT}/static/favicon.svg" \
            && return
        sleep 1
    done
}

# DEBUG=false serves static names from the manifest collectstatic writes
.venv/bin/python manage.py collectstatic --noinput --verbosity 0
if [ "$province" = true ]; then
    FACTS="${FACTS:-20000000}"
    echo "== machine: $(nproc) cores (nproc), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)," \
        "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)," \
        "PostgreSQL $(psql -h "$PGHOST" -U postgres -d postgres -Atc 'SHOW server_version'), load $(cut -d' ' -f1-3 /proc/loadavg)"
    large="$base" database="${base}_small"
    export DATABASE_URL="postgres://postgres@${PGHOST}:5432/$database"
    prepare "$database"
    generate 1 "$SMALL_FACTS" 5
    exists "$large" || psql -h "$PGHOST" -U postgres -d postgres -q \
        -c "CREATE DATABASE ${large} TEMPLATE ${database}"
    echo "== per page type at ${SMALL_FACTS} facts (ms; test client, no network; SQL = the same" \
        "queries run bare; rows read = rows the queries' table scans read, EXPLAIN ANALYZE)"
    bench --save "$work/small.json"
    database="$large"
    export DATABASE_URL="postgres://postgres@${PGHOST}:5432/$database"
    prepare "$database"
    generate 2 "$((FACTS - SMALL_FACTS))" 5
    echo "== the same URLs with the second province beside the first (ratios: to ${SMALL_FACTS} facts)"
    bench --against "$work/small.json" --paths-file "$work/pages"
else
    prepare "$database"
    generate 1 "${FACTS:-1500000}" 3
    echo "== per page type (ms; test client, no network; SQL = the same queries run bare)"
    bench --paths-file "$work/pages"
fi

sh scripts/serve.sh --production 2> "$work/server.log" &
server=$!
for _try in $(seq 1 60); do
    curl -fs -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:${PORT}/" && break
    sleep 1
done
failed=0
if [ "$province" = true ]; then
    first=$(head -n 1 "$work/pages" | cut -d' ' -f2)
    curl -s -o /dev/null -D - -H "X-Forwarded-Proto: https" -H "Cookie: sessionid=bench" \
        "http://127.0.0.1:${PORT}${first}" | grep -qi '^x-cache:' \
        && { echo "a request with a session cookie was answered from the cache" >&2; exit 1; }
    for connections in 50 200; do
        drive "$connections" cached
        drive "$connections" uncached
    done
else
    drive "$CONNECTIONS" cached
fi
[ "$failed" -eq 0 ] || { echo "errors (server log, last lines):" >&2; tail -n 20 "$work/server.log" >&2; exit 1; }
