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
# Transcription workers: bench/transcribe.py measured two one-thread workers at 1.5-1.6x the
# throughput of one two-thread worker on a 2-core host (about 500 MB each).
# SIYALALELA_TRANSCRIPTION_WORKERS sets how many (0 leaves transcription to the general worker).
workers=${SIYALALELA_TRANSCRIPTION_WORKERS:-2}
if [ "$workers" -gt 0 ]; then
  for _ in $(seq "$workers"); do
    SIYALALELA_WHISPER_THREADS=${SIYALALELA_WHISPER_THREADS:-1} \
      "$PY" manage.py db_worker --queue-name transcription --no-reload &
    pids+=($!)
  done
  "$PY" manage.py db_worker --queue-name '*' --exclude-queues transcription --no-reload &
else
  "$PY" manage.py db_worker --queue-name '*' --no-reload &
fi
pids+=($!)
"$PY" manage.py runserver "$HOST:$PORT" --noreload &
pids+=($!)
wait -n  # the first to stop (a port in use, a crash) stops the other
status=$?
echo "A server process stopped (exit $status); stopping the other." >&2
exit "$status"
