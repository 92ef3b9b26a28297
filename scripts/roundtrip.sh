#!/bin/sh
# Round trip N variants (seeds 1..N, cycling over the real documents the fixtures hold):
# each rendered as its template's PDF(s) and imported back, which must give exactly the
# same facts and tables. One line per variant, then a summary; exit code 1 if any failed.
#
#   sh scripts/roundtrip.sh 500                      # seeds 1–500
#   sh scripts/roundtrip.sh 40 --start 201 --culprits  # and the knob behind each failure
#
# Further arguments go to `manage.py roundtrip` (--start, --document, --culprits). It
# runs on a throwaway SQLite file (migrated, fixtures loaded) that is deleted afterwards:
# the developer's database is never touched.
set -eu
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
    echo "usage: sh scripts/roundtrip.sh N [roundtrip options]" >&2
    exit 2
fi
count="$1"
shift
DEBUG="${DEBUG:-true}" exec .venv/bin/python manage.py roundtrip --count "$count" "$@"
