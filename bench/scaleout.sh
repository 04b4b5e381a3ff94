#!/usr/bin/env bash
# Scale-out layout on one machine: API processes (roles api,relay) and worker processes (every
# consumer role) of taskstreamd sharing a private PostgreSQL server and one Kafka-protocol cluster
# in a process of its own (taskstream-fault-broker). wrk creates tasks through every API process
# at full rate for the given time; then the script measures how long the outbox and every consumer
# group take to catch up, and checks on the broker that no record was dropped.
#
#   bench/scaleout.sh [seconds=10] [connections-per-api=16] [api-processes=1] [worker-processes=1] [users=64]
#
# Needs wrk, kcat, curl and Debian's postgresql (initdb, pg_ctl; run as postgres when root).
# PostgreSQL runs with its defaults (fsync on): every create is durable before its answer.
#
# The cluster keeps at most 5 MB (and 100,000 batches) per partition and drops the oldest beyond
# that. Broadcast records are keyed by user, so the load spreads its creates over `users` users;
# the check at the end reads every partition from its start and fails the run if one no longer
# starts at offset 0.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-16}
apis=${3:-1}
workers=${4:-1}
users=${5:-64}
for tool in wrk kcat curl; do
  command -v $tool >/dev/null || { echo "$tool is needed (Debian package $tool)"; exit 1; }
done
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pgbin/initdb" ] || { echo "PostgreSQL's initdb is needed (Debian package postgresql)"; exit 1; }

dir=$(mktemp -d -t taskstream-scaleout.XXXXXX)
chmod 755 "$dir"
pids=()
pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pgbin/$1" "${@:2}"; else "$pgbin/$1" "${@:2}"; fi; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  [ -f "$dir/pgdata/postmaster.pid" ] && pg pg_ctl -D "$dir/pgdata" -m immediate stop >/dev/null 2>&1 || true
  [ -n "${KEEP:-}" ] || rm -rf "$dir"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# PostgreSQL.
mkdir -p "$dir/pgdata"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$dir/pgdata"
pg initdb -D "$dir/pgdata" -U postgres --auth=trust >/dev/null
port=$(free_port)
pg pg_ctl -D "$dir/pgdata" -o "-p $port -k $dir/pgdata -c listen_addresses=127.0.0.1 -c max_connections=300" \
  -w -l "$dir/pgdata/server.log" start >/dev/null
db="postgresql://postgres@127.0.0.1:$port/postgres"
psql_() { pg psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -Atc "$1"; }

# The cluster, in a process of its own; its standard input stays open until the end.
mkfifo "$dir/broker.in"
build/bin/taskstream-fault-broker --brokers 3 <"$dir/broker.in" >"$dir/broker.out" 2>"$dir/broker.log" &
pids+=($!)
exec 3>"$dir/broker.in"
for _ in $(seq 1 100); do grep -q '^ready' "$dir/broker.out" 2>/dev/null && break; sleep 0.1; done
bs=$(sed -n 's/^bootstrap.servers=//p' "$dir/broker.out")
[ -n "$bs" ] || { echo "the broker did not start: $(cat "$dir/broker.log")"; exit 1; }

head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/jwt-secret"
chmod 600 "$dir/jwt-secret"
# The cluster holds a rebalance's JoinGroups for the session timeout less a second and answers a
# waiting fetch only at fetch.wait.max.ms: the tuning taskstreamd uses for its own embedded broker.
common=(--brokers "$bs" --database "$db" --jwt-secret-file "$dir/jwt-secret" --http-port 0 --log-format text
  --kafka-property session.timeout.ms=6000 --kafka-property heartbeat.interval.ms=500
  --kafka-property fetch.wait.max.ms=10)
start_daemon() { # name roles
  mkdir -p "$dir/$1"
  build/bin/taskstreamd --data-dir "$dir/$1" --roles "$2" "${common[@]}" >"$dir/$1/out" 2>"$dir/$1/log" &
  pids+=($!)
  echo $! >"$dir/$1/pid"
}
url_of() {
  for _ in $(seq 1 300); do grep -q '^http=' "$dir/$1/out" 2>/dev/null && break; sleep 0.1; done
  sed -n 's/^http=//p' "$dir/$1/out"
}
# The first API process migrates the database; the others start once it answers.
start_daemon api1 api,relay
api_urls=("$(url_of api1)")
for i in $(seq 2 "$apis"); do start_daemon "api$i" api,relay; done
for i in $(seq 1 "$workers"); do start_daemon "worker$i" recurring,reminder-scheduler,reminder-trigger,broadcaster,audit; done
for i in $(seq 2 "$apis"); do api_urls+=("$(url_of "api$i")"); done
worker_urls=()
for i in $(seq 1 "$workers"); do worker_urls+=("$(url_of "worker$i")"); done
# Steady state is measured: the load starts once every process says it is ready.
for u in "${api_urls[@]}" "${worker_urls[@]}"; do
  for _ in $(seq 1 600); do curl -fs "$u/readyz" >/dev/null && break; sleep 0.1; done
  curl -fs "$u/readyz" >/dev/null || { echo "$u never became ready (logs in $dir; KEEP=1 keeps them)"; exit 1; }
done
tokens=""
for _ in $(seq 1 "$users"); do
  tokens+="$(build/bin/taskstreamd token --user "$(cat /proc/sys/kernel/random/uuid)" --jwt-secret-file "$dir/jwt-secret") "
done
export TOKENS=$tokens
admin=$(build/bin/taskstreamd token --user "$(cat /proc/sys/kernel/random/uuid)" --role admin --jwt-secret-file "$dir/jwt-secret")

echo "$apis API process(es) (api,relay), $workers worker process(es), PostgreSQL (fsync on), broker process" \
  "with 3 brokers; $conns connections per API process, ${secs}s, $users users"
lag_by_group() { # "group lag" lines: every group's lag summed over the worker processes
  for u in "${worker_urls[@]}"; do curl -s "$u/metrics"; done |
    awk -F'[{}"]' '/^taskstream_consumer_lag_records\{/ {
      for (i = 1; i < NF; i++) if ($i ~ /group=$/) g = $(i + 1)
      split($0, f, " "); s[g] += f[length(f)] }
      END { for (g in s) printf "%s %d\n", g, s[g] }' | sort
}
lag_total() { lag_by_group | awk '{s += $2} END {printf "%d", s}'; }
outbox_total() {
  local sum=0 v
  for u in "${api_urls[@]}"; do
    v=$(curl -s -H "Authorization: Bearer $admin" "$u/api/v1/info" | sed -n 's/.*"outbox_depth":\([0-9]*\).*/\1/p')
    sum=$((sum + ${v:-1}))
  done
  echo "$sum"
}
i=0
for u in "${api_urls[@]}"; do
  i=$((i + 1))
  wrk -t1 -c"$conns" -d"${secs}s" --latency -s bench/task_creates.lua "$u/api/v1/tasks" >"$dir/wrk$i" 2>&1 &
  wrkpids[$i]=$!
done
for p in "${wrkpids[@]}"; do wait "$p"; done
stop=$(date +%s.%N)
lag_at_stop=$(lag_total)
outbox_at_stop=$(outbox_total)
# Catch-up: the outbox is drained and every group of every worker process has no lag left. The
# lag is the high watermark last seen minus the next offset to commit, so a group counts as caught
# up only once the outbox is empty (nothing more to publish) and its lag reads 0 twice in a row;
# the time of each group is when it first read 0 in that final run of zeros.
drained=""
declare -A zero_since
while :; do
  now=$(date +%s.%N)
  if (($(echo "$now - $stop > 300" | bc))); then echo "not caught up after 300 s"; break; fi
  if [ -z "$drained" ]; then
    [ "$(outbox_total)" = 0 ] && drained=$(echo "$(date +%s.%N) - $stop" | bc)
    sleep 0.1
    continue
  fi
  t=$(echo "$(date +%s.%N) - $stop" | bc)
  all=1
  while read -r g l; do
    if [ "$l" = 0 ]; then
      [ -n "${zero_since[$g]:-}" ] || zero_since[$g]=$t
    else
      unset "zero_since[$g]"
      all=0
    fi
  done < <(lag_by_group)
  if [ $all = 1 ]; then
    [ -n "${confirmed:-}" ] && break
    confirmed=1
  else
    confirmed=""
  fi
  sleep 0.1
done
caught=0
per_group=""
for g in "${!zero_since[@]}"; do
  per_group+=" $g ${zero_since[$g]} s;"
  (($(echo "${zero_since[$g]} > $caught" | bc))) && caught=${zero_since[$g]}
done

i=0
total_rate=0
for u in "${api_urls[@]}"; do
  i=$((i + 1))
  echo "API process $i: $(tail -n 1 "$dir/wrk$i")"
  total_rate=$(echo "$total_rate + $(tail -n 1 "$dir/wrk$i" | awk '{print $2}')" | bc)
done
tasks=$(psql_ "SELECT count(*) FROM tasks")
audited=$(psql_ "SELECT count(*) FROM audit_events")
echo "creates/s over all API processes: $total_rate; tasks in the database: $tasks; audit events: $audited"
echo "at the end of the load: outbox depth $outbox_at_stop, consumer lag $lag_at_stop records"
echo "catch-up after the load: outbox drained in ${drained:-?} s, every group at lag 0 in $caught s"
echo "lag 0 per group (s after the load):$per_group"

# Nothing dropped: every partition of the event topics still starts at offset 0.
for topic in todo.tasks.events todo.task_updates.broadcast; do
  kcat -b "$bs" -C -t "$topic" -o beginning -e -q -f '%p %o %S\n' >"$dir/$topic.offsets"
  awk -v t="$topic" '
    { n[$1]++; b[$1] += $3; if (!($1 in first)) first[$1] = $2 }
    END {
      dropped = 0; max = 0
      for (p in n) { if (first[p] != 0) dropped = 1; if (b[p] > max) max = b[p] }
      total = 0; for (p in n) total += n[p]
      printf "%s: %d records, largest partition %.1f MB, %s\n", t, total, max / 1e6,
             dropped ? "RECORDS DROPPED (a partition no longer starts at 0)" : "none dropped"
    }' "$dir/$topic.offsets"
done
