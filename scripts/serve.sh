#!/bin/sh
# Sets up a fresh checkout and serves the site on 127.0.0.1:8000 with the embedded
# SQLite database and every committed fixture loaded. Safe to run again.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python manage.py migrate --verbosity 0
.venv/bin/python manage.py loaddata templates baoji_2023 shanghai_putuo
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
