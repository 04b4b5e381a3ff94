#!/usr/bin/env bash
# The main job, end to end: installs what is needed, builds, starts taskstreamd on its embedded
# Kafka-protocol broker, and shows the result with kcat, a Kafka client nobody here wrote.
# DEMO_KEEP_RUNNING=1 leaves the daemon running afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh --target taskstreamd

data_dir=$(mktemp -d -t taskstream-demo.XXXXXX)
out="$data_dir/taskstreamd.out"
echo
echo "== Starting taskstreamd (embedded broker, data in $data_dir)"
build/bin/taskstreamd --data-dir "$data_dir" --log-format text >"$out" 2>"$data_dir/taskstreamd.log" &
pid=$!
cleanup() { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 100); do
  grep -q '^bootstrap.servers=' "$out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$data_dir/taskstreamd.log"; exit 1; }
  sleep 0.1
done
bootstrap=$(sed -n 's/^bootstrap.servers=//p' "$out")
[ -n "$bootstrap" ] || { echo "taskstreamd did not report its brokers"; cat "$data_dir/taskstreamd.log"; exit 1; }
echo "bootstrap.servers=$bootstrap"

echo
echo "== Topics, as kcat sees them"
kcat -b "$bootstrap" -L | grep -E '^ +topic|brokers:'

echo
echo "== A record produced with kcat to todo.tasks.events and read back"
task_id=$(cat /proc/sys/kernel/random/uuid)
printf '%s|{"title": "Write the release notes"}\n' "$task_id" |
  kcat -b "$bootstrap" -P -t todo.tasks.events -K'|' -H ce_type=com.todo.events.TaskCreated -H ce_source=/demo
kcat -b "$bootstrap" -C -t todo.tasks.events -o beginning -e -q \
  -f 'partition %p offset %o key %k headers %h\n  %s\n'

if [ "${DEMO_KEEP_RUNNING:-0}" = "1" ]; then
  trap - EXIT
  echo
  echo "taskstreamd keeps running (pid $pid); stop it with: kill $pid"
  exit 0
fi
echo
echo "== Stopping taskstreamd with SIGTERM"
cleanup
trap - EXIT
tail -n 2 "$data_dir/taskstreamd.log"
