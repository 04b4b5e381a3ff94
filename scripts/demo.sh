#!/usr/bin/env bash
# The main job, end to end: installs what is needed, builds, starts taskstreamd on its embedded
# Kafka-protocol broker, and shows every stage at work through clients nobody here wrote (kcat,
# curl, python3-websocket). Dates are taken from the clock, so it shows the same on any day.
# Each stage must show up within a bound; if one does not, the script says which, prints the end
# of the daemon's log and exits with status 1.
#   DEMO_SKIP_BUILD=1    the build is done: install nothing, build nothing
#   TASKSTREAMD=PATH     the daemon to run (default build/bin/taskstreamd)
#   DEMO_KEEP_RUNNING=1  leave the daemon running afterwards
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's interpreter: it has python3-websocket, whatever python3 comes first on PATH.
PY=/usr/bin/python3
taskstreamd=${TASKSTREAMD:-build/bin/taskstreamd}

if [ "${DEMO_SKIP_BUILD:-0}" != "1" ]; then
  scripts/install-deps.sh
  scripts/build.sh --target taskstreamd
fi
for tool in kcat curl "$PY"; do
  command -v "$tool" >/dev/null || { echo "demo: $tool is missing; scripts/install-deps.sh installs it" >&2; exit 1; }
done
"$PY" -c 'import websocket' 2>/dev/null ||
  { echo "demo: python3-websocket is missing; scripts/install-deps.sh installs it" >&2; exit 1; }
[ -x "$taskstreamd" ] || { echo "demo: $taskstreamd is not built; run scripts/build.sh --target taskstreamd" >&2; exit 1; }

started=$(date +%s%N)
data_dir=$(mktemp -d -t taskstream-demo.XXXXXX)
out="$data_dir/taskstreamd.out"
log="$data_dir/taskstreamd.log"
feed_out="$data_dir/feed.out"
pid=""
stopping=""
feed_pid=""
feed_shown=0

cleanup() {
  if [ -n "$feed_pid" ]; then kill "$feed_pid" 2>/dev/null || true; fi
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ -n "$stopping" ]; then kill -KILL "$stopping" 2>/dev/null || true; fi
}
trap cleanup EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# fail WHAT: a stage did not happen. Says so, shows the end of the daemon's log, exits 1.
fail() {
  echo >&2
  echo "demo: FAILED: $*" >&2
  echo "demo: the last lines of the daemon's log ($log):" >&2
  tail -n 40 "$log" >&2 || true
  if [ -s "$feed_out" ]; then
    echo "demo: the live feed client's last lines:" >&2
    tail -n 10 "$feed_out" >&2
  fi
  exit 1
}

# wait_for SECONDS WHAT COMMAND...: runs COMMAND every 0.2 s until it succeeds; fails after SECONDS.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$(( $(now_ms) + seconds * 1000 ))
  until "$@"; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then fail "taskstreamd exited while waiting for $what"; fi
    [ "$(now_ms)" -lt "$deadline" ] || fail "no $what within $seconds s"
    sleep 0.2
  done
}

# The API as the demo user.
get() { curl -fsS "$api$1" -H "Authorization: Bearer $token"; }
# post PATH JSON
post() { curl -fsS -X POST "$api$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$2"; }
# json PYTHON: runs PYTHON with d = the JSON document on stdin.
json() { "$PY" -c "import json, sys; d = json.load(sys.stdin); $1"; }

# Reading topics with kcat, from the beginning to the current end.
consume() { local topic=$1; shift; kcat -b "$bootstrap" -C -t "$topic" -o beginning -e -q "$@" 2>/dev/null; }
# consume_types TOPIC: one line per record, with its event type (the ce_type header).
consume_types() {
  consume "$1" -f 'partition %p offset %o key %k %h\n' | sed -E 's/ [^ ]*ce_type=com\.todo\.events\.([A-Za-z]+).*/ \1/'
}
# has_records TOPIC N [PATTERN]: TOPIC holds at least N records (whose headers match PATTERN).
has_records() {
  local n
  n=$(consume "$1" -f '%h\n' | grep -c -- "${3:-}" || true)
  [ "$n" -ge "$2" ]
}
# feed_has N PATTERN: the live feed client has printed at least N lines matching PATTERN.
feed_has() { [ "$(grep -c -- "$2" "$feed_out" || true)" -ge "$1" ]; }
# The feed client's lines not shown yet.
show_feed() {
  local n
  n=$(wc -l <"$feed_out")
  [ "$n" -le "$feed_shown" ] || sed -n "$((feed_shown + 1)),${n}p" "$feed_out" | sed 's/^/  feed | /'
  feed_shown=$n
}
iso_in() { date -u -d "@$(( $(date +%s) + $1 ))" +%Y-%m-%dT%H:%M:%SZ; }

echo
echo "== taskstreamd starts: a three-broker embedded Kafka cluster on loopback, the catalog's topics, SQLite, the API"
echo "   (data in $data_dir)"
"$taskstreamd" --data-dir "$data_dir" --http-port 0 --log-format text >"$out" 2>"$log" &
pid=$!
wait_for 30 "http=... line from taskstreamd" grep -q '^http=' "$out"
bootstrap=$(sed -n 's/^bootstrap.servers=//p' "$out")
api=$(sed -n 's/^http=//p' "$out")
[ -n "$bootstrap" ] || fail "no bootstrap.servers=... line from taskstreamd"
echo "bootstrap.servers=$bootstrap"
echo "http=$api"
wait_for 30 "200 from /readyz (consumer groups joined, feed reader started)" curl -fs -o /dev/null "$api/readyz"
echo "ready: $(curl -fsS "$api/readyz")"

echo
echo "== Topics, as kcat sees them: the event topics, a DLQ per topic and per consumer group"
kcat -b "$bootstrap" -L | grep -E '^ +topic|brokers:' || fail "kcat could not list the topics"

echo
echo "== The live feed: a WebSocket client (python3-websocket) on ${api/http:/ws:}/ws/v1/tasks"
echo "   authenticates with the user's token; its lines are shown as 'feed |' from here on"
user=$(cat /proc/sys/kernel/random/uuid)
token=$("$taskstreamd" token --user "$user" --data-dir "$data_dir")
"$PY" scripts/feed-client.py "$api" "$token" >"$feed_out" 2>&1 &
feed_pid=$!
wait_for 10 "welcome message on the live feed" feed_has 1 '^welcome'
show_feed

echo
echo "== A task created through the API (curl), due in 2 min 8 s with a reminder 2 min before it ..."
release=$(post /api/v1/tasks "{\"title\": \"Write the release notes\", \"due_date\": \"$(iso_in 128)\",
  \"priority\": \"High\", \"tags\": [\"release\"], \"remind_before_minutes\": [2]}") ||
  fail "the API did not create the task"
echo "$release"
release_id=$(printf '%s' "$release" | json 'print(d["id"])')
echo "== ... arrives on todo.tasks.events as a TaskCreated event (kcat), and on the live feed"
wait_for 10 "TaskCreated on todo.tasks.events" has_records todo.tasks.events 1 'TaskCreated'
consume todo.tasks.events -f 'partition %p offset %o key %k\nheaders %h\nvalue: %S bytes of Avro (single-object encoding)\n'
wait_for 10 "TaskChanged of the new task on the live feed" feed_has 1 "task_changed Created .*$release_id"
show_feed

echo
echo "== reminder-scheduler-cg: the task's reminder, as ReminderScheduled on todo.reminders.events (kcat) and through the API"
wait_for 10 "ReminderScheduled on todo.reminders.events" has_records todo.reminders.events 1 'ReminderScheduled'
consume_types todo.reminders.events
get /api/v1/reminders | json '[print(r["remind_at"], r["status"], "%d min before" % r["offset_minutes"], r["title"]) for r in d["items"]]'

echo
echo "== recurring-task-cg: a daily task due in an hour is completed ..."
plants=$(post /api/v1/tasks "{\"title\": \"Water the plants\", \"due_date\": \"$(date -u -d "@$(( ($(date +%s) / 60 + 60) * 60 ))" +%Y-%m-%dT%H:%M:%SZ)\",
  \"recurrence_pattern\": \"daily\", \"remind_before_minutes\": [30]}") || fail "the API did not create the recurring task"
plants_id=$(printf '%s' "$plants" | json 'print(d["id"])')
echo "created $plants_id due $(printf '%s' "$plants" | json 'print(d["due_date"])')"
post "/api/v1/tasks/$plants_id/complete" '{}' >/dev/null || fail "the API did not complete the recurring task"
echo "completed $plants_id"
echo "== ... and its next instance, due a day later, appears (read back through the API)"
next_instance() {
  get '/api/v1/tasks?status=pending&limit=100' | json "
t = [x for x in d['items'] if x['title'] == 'Water the plants' and x['id'] != '$plants_id']
print(t[0]['id'] + ' due ' + t[0]['due_date'] if t else '')"
}
has_next_instance() { next=$(next_instance) && [ -n "$next" ]; }
wait_for 15 "next instance of the recurring task" has_next_instance
echo "next instance: $next"
next_due=${next##* due }
[ "$(date -u -d "$next_due" +%s)" -gt "$(date +%s)" ] || fail "the next instance is due in the past ($next_due)"

echo
echo "== task-broadcaster-cg: a TaskChanged per change on todo.task_updates.broadcast (kcat; key: the user), and on the live feed"
wait_for 10 "4 TaskChanged records on todo.task_updates.broadcast" has_records todo.task_updates.broadcast 4
consume_types todo.task_updates.broadcast
wait_for 10 "4 TaskChanged messages on the live feed" feed_has 4 '^task_changed'
show_feed

echo
echo "== reminder-trigger-cg: the reminder fires at its time: ReminderTriggered (kcat); notification-cg: a notification (API), the live feed"
fired() { [ "$(get '/api/v1/reminders?status=fired' | json 'print(len(d["items"]))')" = 1 ]; }
wait_for 30 "fired reminder (due about 8 s after the task was created)" fired
wait_for 10 "ReminderTriggered on todo.reminders.events" has_records todo.reminders.events 1 'ReminderTriggered'
consume_types todo.reminders.events
echo "the user's reminders:"
get /api/v1/reminders | json '[print(" ", r["remind_at"], r["status"] + (" late" if r["late"] else " on time" if r["status"] == "fired" else ""),
  r["title"]) for r in d["items"]]'
wait_for 10 "notification on the live feed" feed_has 1 '^notification'
echo "the user's notifications:"
get /api/v1/notifications | json '[print(" ", n["created_at"], n["kind"], n["title"], "unread" if not n["read"] else "read") for n in d["items"]]'
show_feed

echo
echo "== A poison record: bytes that are no event, produced to todo.tasks.events with kcat ..."
printf 'this is not an event' | kcat -b "$bootstrap" -P -t todo.tasks.events -k poison-1 ||
  fail "kcat could not produce to todo.tasks.events"
echo "== ... and each of the four groups that read the topic sets it aside in its own DLQ (kcat) ..."
for group in recurring-task-cg reminder-scheduler-cg task-broadcaster-cg audit-log-cg; do
  wait_for 30 "record on todo.$group.dlq" has_records "todo.$group.dlq" 1
  echo "todo.$group.dlq: $(consume "todo.$group.dlq" -f 'key %k, from %h\n' | sed -E 's/dlq\.original\.topic=([^,]*),dlq\.original\.partition=([^,]*),dlq\.original\.offset=([^,]*).*/\1 partition \2 offset \3/')"
done
echo "== ... with diagnostic headers: the record on todo.audit-log-cg.dlq"
consume todo.audit-log-cg.dlq -f 'key %k value "%s"\nheaders %h\n' | sed 's/,dlq\./\n        dlq./g'

echo
echo "== audit-log-cg: the user's audit trail (newest first)"
audit_complete() { [ "$(get '/api/v1/audit?type=ReminderTriggered' | json 'print(len(d["items"]))')" = 1 ]; }
wait_for 10 "ReminderTriggered in the audit trail" audit_complete
get '/api/v1/audit?limit=20' | json '[print(e["occurred_at"], e["type"]) for e in d["items"]]'

echo
echo "== The outbox, as the API reports it to an administrator (every record published)"
admin_token=$("$taskstreamd" token --user "$(cat /proc/sys/kernel/random/uuid)" --role admin --data-dir "$data_dir")
admin_get() { curl -fsS "$api$1" -H "Authorization: Bearer $admin_token"; }
outbox_drained() { [ "$(admin_get /api/v1/info | json 'print(d["outbox_depth"])' 2>/dev/null)" = 0 ]; }
wait_for 10 "empty outbox" outbox_drained
admin_get /api/v1/info
echo

if [ "${DEMO_KEEP_RUNNING:-0}" = "1" ]; then
  trap - EXIT
  kill "$feed_pid" 2>/dev/null || true
  echo
  echo "taskstreamd keeps running (pid $pid, $api); stop it with: kill $pid"
  echo "the live feed in a browser: $api/feed#token=$token"
  exit 0
fi

echo
echo "== taskstreamd stops on SIGTERM: the feed closes with 1001 (going away), the process exits 0"
kill -TERM "$pid"
# From here on the daemon's exit is the awaited stage, not a failure.
stopping=$pid
pid=""
stopped() { ! kill -0 "$stopping" 2>/dev/null; }
wait_for 30 "exit after SIGTERM" stopped
rc=0
wait "$stopping" || rc=$?
stopping=""
[ "$rc" -eq 0 ] || fail "taskstreamd exited with status $rc after SIGTERM"
wait_for 5 "close of the live feed" feed_has 1 '^closed by the feed: 1001'
show_feed
wait "$feed_pid" 2>/dev/null || true
feed_pid=""
tail -n 2 "$log"
trap - EXIT
rm -rf "$data_dir"
echo
echo "demo: every stage shown in $(( ($(date +%s%N) - started) / 1000000000 )) s"
