#!/bin/sh
# Sets up a fresh checkout for testing (Python packages, Chart.js from npm for the
# browser tests, Debian's Chromium if it is missing) and runs every test.
# Arguments go to pytest. Set DATABASE_URL to run the suite on PostgreSQL.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
npm ci --no-audit --no-fund --silent
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
    else
        echo "The browser tests need Chromium: sudo apt-get install chromium fonts-noto-cjk" >&2
        exit 1
    fi
fi
exec .venv/bin/python -m pytest "$@"
