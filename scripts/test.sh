#!/usr/bin/env bash
# Run the whole test suite. Browser tests need Chromium; without it they are skipped
# and the summary says so.
set -uo pipefail
cd "$(dirname "$0")/.."
export SIPON_TESTING=1 SIPON_LOCAL=1
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "NOTE: browser tests will be SKIPPED: Chromium not found at $CHROMIUM (install: apt-get install chromium)."
fi
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" -rs --dist loadfile "$@"
status=$?
if [ ! -x "$CHROMIUM" ]; then
  echo "NOTE: browser tests were SKIPPED because Chromium is missing at $CHROMIUM."
fi
exit $status
