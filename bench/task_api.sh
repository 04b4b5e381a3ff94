#!/usr/bin/env bash
# Task creates per second and latency through HTTP with a durable commit (SQLite, WAL,
# synchronous=FULL), measured with wrk (Debian package) against taskstreamd on its embedded
# broker, then the time the outbox relay needs to publish everything that was created.
#
#   bench/task_api.sh [seconds=10] [connections=16] [taskstreamd options...]
#
# e.g. `bench/task_api.sh 10 32 --roles api,relay` for the API pods' roles of the Helm chart.
# TASKSTREAMD=path runs another build of the daemon (a before/after comparison in the same minute).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-16}
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)"; exit 1; }
dir=$(mktemp -d -t taskstream-bench.XXXXXX)
daemon=${TASKSTREAMD:-build/bin/taskstreamd}
"$daemon" --data-dir "$dir" --http-port 0 --log-format text "${@:3}" >"$dir/out" 2>"$dir/log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q '^http=' "$dir/out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^http=//p' "$dir/out")
# Steady state is measured: the load starts once /readyz says every role has joined its groups.
for _ in $(seq 1 300); do curl -fs "$url/readyz" >/dev/null && break; sleep 0.1; done
user=$(cat /proc/sys/kernel/random/uuid)
export TOKEN=$("$daemon" token --user "$user" --data-dir "$dir")
echo "taskstreamd at $url, SQLite in $dir, $conns connections for ${secs}s"
wrk -t2 -c"$conns" -d"${secs}s" --latency -s bench/task_creates.lua "$url/api/v1/tasks" | tail -n 1
start=$(date +%s.%N)
# Settled: the outbox published and every consumer group's lag back to 0 (the workers kept up).
admin=$("$daemon" token --user "$user" --role admin --data-dir "$dir")
settled() {
  depth=$(curl -s -H "Authorization: Bearer $admin" "$url/api/v1/info" | sed -n 's/.*"outbox_depth":\([0-9]*\).*/\1/p')
  [ "${depth:-1}" = "0" ] || return 1
  lag=$(curl -s "$url/metrics" | awk '/^taskstream_consumer_lag_records\{/ { s += $2; n++ } END { print s + 0 }')
  [ "$lag" = "0" ]
}
for _ in $(seq 1 2400); do settled && break; sleep 0.05; done  # at most about 2 min
end=$(date +%s.%N)
total=$(curl -s -H "Authorization: Bearer $TOKEN" "$url/api/v1/tasks?limit=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
echo "tasks created: $total; outbox published and every group's lag 0 $(echo "$end - $start" | bc) s after the load stopped"
