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
build/bin/taskstreamd --data-dir "$data_dir" --http-port 0 --log-format text >"$out" 2>"$data_dir/taskstreamd.log" &
pid=$!
cleanup() { kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT

for _ in $(seq 1 100); do
  grep -q '^http=' "$out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$data_dir/taskstreamd.log"; exit 1; }
  sleep 0.1
done
bootstrap=$(sed -n 's/^bootstrap.servers=//p' "$out")
api=$(sed -n 's/^http=//p' "$out")
[ -n "$bootstrap" ] && [ -n "$api" ] || { echo "taskstreamd did not start"; cat "$data_dir/taskstreamd.log"; exit 1; }
echo "bootstrap.servers=$bootstrap"
echo "http=$api"

echo
echo "== Topics, as kcat sees them"
kcat -b "$bootstrap" -L | grep -E '^ +topic|brokers:'

echo
echo "== A task created through the API (curl) ..."
user=$(cat /proc/sys/kernel/random/uuid)
token=$(build/bin/taskstreamd token --user "$user" --data-dir "$data_dir")
curl -sS -X POST "$api/api/v1/tasks" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"title": "Write the release notes", "due_date": "2026-12-01T09:00:00Z", "priority": "High", "tags": ["release"]}'
echo
echo
echo "== ... arrives on todo.tasks.events as a TaskCreated event (read with kcat)"
for _ in $(seq 1 50); do
  n=$(kcat -b "$bootstrap" -C -t todo.tasks.events -o beginning -e -q -f '%o\n' 2>/dev/null | wc -l)
  [ "$n" -ge 1 ] && break
  sleep 0.1
done
kcat -b "$bootstrap" -C -t todo.tasks.events -o beginning -e -q \
  -f 'partition %p offset %o key %k\nheaders %h\nvalue: %S bytes of Avro (single-object encoding)\n'
echo
echo "== Workers: a daily recurring task is completed ..."
task=$(curl -sS -X POST "$api/api/v1/tasks" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"title": "Water the plants", "due_date": "2026-12-01T08:00:00Z", "recurrence_pattern": "daily", "remind_before_minutes": [30]}')
task_id=$(printf '%s' "$task" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
curl -sS -o /dev/null -X POST "$api/api/v1/tasks/$task_id/complete" -H "Authorization: Bearer $token"
echo "completed $task_id"
echo "== ... and recurring-task-cg creates its next instance (read back through the API)"
for _ in $(seq 1 100); do
  next=$(curl -sS "$api/api/v1/tasks?status=pending&limit=100" -H "Authorization: Bearer $token" |
    python3 -c 'import json,sys; t=[x for x in json.load(sys.stdin)["items"] if x["title"]=="Water the plants"]; print(t[0]["id"]+" due "+t[0]["due_date"] if t else "")')
  [ -n "$next" ] && break
  sleep 0.2
done
echo "next instance: ${next:-none yet}"
echo
echo "== task-broadcaster-cg: TaskChanged records for live front ends on todo.task_updates.broadcast (kcat)"
sleep 1
kcat -b "$bootstrap" -C -t todo.task_updates.broadcast -o beginning -e -q -f 'partition %p offset %o key %k\n'
echo
echo "== reminder-scheduler-cg: the reminders of the user's tasks"
curl -sS "$api/api/v1/reminders" -H "Authorization: Bearer $token" |
  python3 -c 'import json,sys; [print(r["remind_at"], r["status"], r["task_id"]) for r in json.load(sys.stdin)["items"]]'
echo
echo "== audit-log-cg: the user's audit trail (newest first)"
sleep 1
curl -sS "$api/api/v1/audit?limit=10" -H "Authorization: Bearer $token" |
  python3 -c 'import json,sys; [print(e["occurred_at"], e["type"]) for e in json.load(sys.stdin)["items"]]'
echo
echo "== The outbox, as the API reports it"
curl -sS "$api/api/v1/info" -H "Authorization: Bearer $token"
echo

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
