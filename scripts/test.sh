#!/bin/sh
# Sets up a fresh checkout for testing (Python packages, Chart.js from npm for the
# browser tests, Debian's Chromium, the fonts the PDF renderer embeds and nginx if they
# are missing) and runs every test.
# Arguments go to pytest. Set DATABASE_URL to run the suite on PostgreSQL.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
# npm ci empties node_modules first: only when the lock file changed, so that two runs
# of this script side by side (.ci/run) never pull Chart.js from under each other.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --silent
fi
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
    else
        echo "The browser tests need Chromium: sudo apt-get install chromium fonts-noto-cjk" >&2
        exit 1
    fi
fi
# The TrueType CJK fonts budgets.rendering embeds (budgets/rendering/fonts.py).
if [ ! -f /usr/share/fonts/truetype/arphic/uming.ttc ] || [ ! -f /usr/share/fonts/truetype/arphic/ukai.ttc ] || [ ! -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei >/dev/null
    else
        echo "The renderer's tests need its fonts: sudo apt-get install fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei" >&2
        exit 1
    fi
fi
# nginx, to run the reference front (deploy/nginx.conf) in tests/test_front.py.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null
    else
        echo "The front's tests need nginx: sudo apt-get install nginx-light" >&2
        exit 1
    fi
fi
exec .venv/bin/python -m pytest "$@"
