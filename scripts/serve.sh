#!/bin/sh
# Development (no argument): sets up a fresh checkout and serves the site on HOST:PORT
# (127.0.0.1:8000 by default) with DEBUG on and the embedded SQLite database; the
# committed fixtures are loaded into an empty database only, so running it again never
# undoes what staff changed through the admin.
#
# Production (--production): DEBUG off; refuses to start without SECRET_KEY and
# ALLOWED_HOSTS; applies migrations, collects the static files (hashed and compressed,
# served by WhiteNoise) and runs gunicorn (budgets/gunicorn_config.py: HOST, PORT,
# WEB_CONCURRENCY, ...). Every setting comes from the environment (README: Production).
# With REDIS_URL set it also runs one worker of the import queue (`manage.py rqworker
# imports`; budgets/importers/jobs.py) in the background, stopped with the server: when
# the script is told to stop (TERM, INT) or gunicorn ends. Without REDIS_URL imports run
# inside the web request.
set -eu
cd "$(dirname "$0")/.."

mode=development
case "${1:-}" in
    "") ;;
    --production) mode=production ;;
    *) echo "usage: sh scripts/serve.sh [--production]" >&2; exit 2 ;;
esac

if [ "$mode" = production ]; then
    missing=""
    [ -n "${SECRET_KEY:-}" ] || missing="$missing SECRET_KEY"
    [ -n "${ALLOWED_HOSTS:-}" ] || missing="$missing ALLOWED_HOSTS"
    if [ -n "$missing" ]; then
        echo "serve.sh --production refuses to start: set${missing} (see README.md, Production)." >&2
        exit 1
    fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt

if [ "$mode" = production ]; then
    export DEBUG=false
    .venv/bin/python manage.py migrate --noinput --verbosity 0
    .venv/bin/python manage.py collectstatic --noinput --verbosity 0
    if [ -z "${REDIS_URL:-}" ]; then
        exec .venv/bin/gunicorn budgets.wsgi:application --config budgets/gunicorn_config.py
    fi
    .venv/bin/python manage.py rqworker "${IMPORT_QUEUE:-imports}" &
    worker=$!
    .venv/bin/gunicorn budgets.wsgi:application --config budgets/gunicorn_config.py &
    server=$!
    # Both are stopped together. The worker, on TERM, finishes the job it is running
    # (each document is written in one transaction either way) and exits.
    stop() { kill -TERM "$server" "$worker" 2>/dev/null || true; }
    trap 'stop; wait; exit 143' TERM INT
    status=0
    wait "$server" || status=$?
    stop
    wait
    exit "$status"
fi

export DEBUG=true
.venv/bin/python manage.py migrate --verbosity 0
.venv/bin/python manage.py load_initial_data
# HOST and PORT choose where (127.0.0.1:8000 unless set; HOST=0.0.0.0 for other machines).
exec .venv/bin/python manage.py runserver "${HOST:-127.0.0.1}:${PORT:-8000}"
