#!/bin/sh
# Sets up a fresh checkout and serves the site on 127.0.0.1:8000 with the embedded
# SQLite database; the committed fixtures are loaded into an empty database only, so
# running it again never undoes what staff changed through the admin.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
.venv/bin/python manage.py migrate --verbosity 0
.venv/bin/python manage.py load_initial_data
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
