#!/usr/bin/env bash
# Start the background-task worker and the web server together; stop both when either stops or
# on Ctrl-C / TERM. Used by `make run`: scripts/serve.sh PYTHON HOST PORT
set -u
PY=$1 HOST=$2 PORT=$3
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT
# No autoreload: a reloader's child process would outlive a stop of its parent.
"$PY" manage.py db_worker --queue-name '*' --no-reload &
pids+=($!)
"$PY" manage.py runserver "$HOST:$PORT" --noreload &
pids+=($!)
wait -n  # the first to stop (a port in use, a crash) stops the other
status=$?
echo "A server process stopped (exit $status); stopping the other." >&2
exit "$status"
