#!/usr/bin/env bash
# Start every process of a local Sipon and stop them all on Ctrl-C.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT="${PORT:-8000}"
export SIPON_LOCAL="${SIPON_LOCAL:-1}"
SIM_PORT="${SIM_PORT:-8765}"
export CENTRAL_URL="${CENTRAL_URL:-http://127.0.0.1:${SIM_PORT}}"
pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping Sipon..."
  kill "${pids[@]}" 2>/dev/null
  wait 2>/dev/null
  exit 0
}
trap stop INT TERM EXIT

if [ -f simulator/central.py ]; then
  $BIN/python simulator/central.py --port "${SIM_PORT}" --state var/central-sim.json & pids+=($!)
fi
$BIN/python manage.py db_worker --queue-name '*' --no-reload --interval 0.5 -v 0 & pids+=($!)
$BIN/python manage.py run_scheduler & pids+=($!)
$BIN/gunicorn sipon.wsgi:application --bind "127.0.0.1:${PORT}" --workers "${WEB_WORKERS:-2}" --threads 4 \
  --access-logfile - --log-level warning --graceful-timeout 5 & pids+=($!)
sleep 1
cat <<MSG

  Sipon is running:  http://127.0.0.1:${PORT}/
  Staff sign-in:     http://127.0.0.1:${PORT}/akun/masuk/  (accounts printed above)
  API docs:          http://127.0.0.1:${PORT}/api/docs
  Press Ctrl-C to stop every process.

MSG
wait -n "${pids[@]}"
echo "A Sipon process exited; stopping the others." >&2
stop
