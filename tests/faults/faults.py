#!/usr/bin/python3
"""Taskstream's fault suite: real processes, real faults, and a checker that says what was lost.

Every scenario runs taskstreamd (one or two processes) against a private PostgreSQL server (or,
with --database sqlite, the daemon's own SQLite file) and a Kafka-protocol cluster in a process of its own (taskstream-fault-broker), puts load on the HTTP
API, injects one kind of fault, lets the dependency come back, waits for the system to settle and
then compares what clients were told (every 2xx answer) with what exists:

  * the tasks table (PostgreSQL read with psql, or the SQLite file read-only);
  * the events on todo.tasks.events, read with confluent-kafka (librdkafka's Python client);
  * the audit log (audit_events), one entry per event id;
  * broadcasts (TaskChanged) per source event, notifications per reminder.

It prints lost effects (acknowledged, no effect), duplicate effects, per-key order violations,
the recovery time after each dependency returns and what /readyz answered during a Kafka outage,
and exits 1 when anything was lost, duplicated or reordered, or when the system did not recover.

  faults.py --daemon build/bin/taskstreamd --broker build/bin/taskstream-fault-broker \
            [--short] [--database postgresql|sqlite] [--json FILE] [--keep] SCENARIO...

Scenarios: brokers-down, kill9, pg-restart, reminder-crash, two-daemons, slow-broker,
produce-errors, fetch-errors, all (with --database sqlite: all but pg-restart and two-daemons).
--short runs each in seconds (CI); without it each runs its full length (docs/reliability.md).

Load: client threads each walk tasks through four commands, one after the other: create (title
"... #0"), rename ("#1"), rename ("#2"), complete ("#3"). The step is in the title, so the
checker knows each event's place in its task's history. A command answered 503 or refused
before it was sent is retried (nothing changed); one whose outcome is unknown (timeout, reset)
ends that task's walk and is counted as unknown, never as acknowledged.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import requests
from confluent_kafka import Consumer, TopicPartition

TASK_TOPIC = "todo.tasks.events"
BROADCAST_TOPIC = "todo.task_updates.broadcast"
REMINDER_TOPIC = "todo.reminders.events"


def log(msg):
    print("[%7.2f] %s" % (time.monotonic() - T0, msg), flush=True)


T0 = time.monotonic()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]


def wait_for(predicate, timeout, interval=0.1):
    """Polls predicate until it holds; the seconds it took, or None after timeout."""
    start = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            return None
        time.sleep(interval)


# ---------------------------------------------------------------------------------------------
# PostgreSQL: a private server, as the C++ suites start one (initdb + pg_ctl, as postgres if root)


class Postgres:
    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "pg")
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        self.bindir = self._bindir()
        os.makedirs(self.data)
        if os.geteuid() == 0:
            subprocess.run(["chown", "-R", "postgres:postgres", self.dir], check=True)
            os.chmod(workdir, 0o755)
            os.chmod(self.dir, 0o755)

    @staticmethod
    def _bindir():
        base = "/usr/lib/postgresql"
        if os.path.isdir(base):
            versions = sorted(os.listdir(base), key=lambda v: [int(x) for x in v.split(".") if x.isdigit()])
            if versions:
                return os.path.join(base, versions[-1], "bin")
        return os.path.dirname(shutil.which("pg_ctl") or "/usr/local/bin/pg_ctl")

    def _run(self, tool, *args):
        cmd = [os.path.join(self.bindir, tool), *args]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)

    def init(self):
        r = self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "--no-sync")
        if r.returncode != 0:
            raise RuntimeError("initdb failed: " + r.stdout)

    def start(self):
        opts = "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" % (self.port, self.data)
        r = self._run("pg_ctl", "-D", self.data, "-o", opts, "-w", "-l", os.path.join(self.dir, "server.log"), "start")
        if r.returncode != 0:
            raise RuntimeError("pg_ctl start failed: " + r.stdout)

    def stop_immediate(self):
        self._run("pg_ctl", "-D", self.data, "-m", "immediate", "stop")

    def url(self, db):
        return "postgresql://postgres@127.0.0.1:%d/%s" % (self.port, db)

    def create_database(self, name):
        self.query("postgres", "CREATE DATABASE %s" % name)

    def query(self, db, sql):
        """Rows as lists of strings (NULL as None); raises on failure."""
        r = subprocess.run(["psql", "-X", "-q", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", db,
                            "-v", "ON_ERROR_STOP=1", "-A", "-t", "-F", "\x1f", "-R", "\x1e", "-P", "null=\x02",
                            "-c", sql], stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        if r.returncode != 0:
            raise RuntimeError("psql: " + r.stderr.decode(errors="replace").strip())
        out = r.stdout.decode()
        rows = []
        for rec in out.split("\x1e"):
            rec = rec.strip("\n")
            if rec == "":
                continue
            rows.append([None if f == "\x02" else f for f in rec.split("\x1f")])
        return rows

    def try_query(self, db, sql):
        try:
            return self.query(db, sql)
        except (RuntimeError, subprocess.TimeoutExpired):
            return None


class SqliteStore:
    """A daemon's SQLite file, read the way Postgres.query reads a database: rows of strings. The
    audit log is in a file of its own beside it (taskstream-audit.db): attached, and named
    audit_events by a temporary view, which comes before the main file's (empty) table."""

    def __init__(self, path):
        self.path = path
        base, ext = os.path.splitext(path)
        self.audit_path = base + "-audit" + ext

    def query(self, db, sql):
        try:
            con = sqlite3.connect("file:%s?mode=ro" % self.path, uri=True, timeout=10)
            try:
                if os.path.exists(self.audit_path):
                    con.execute("ATTACH DATABASE ? AS audit", ("file:%s?mode=ro" % self.audit_path,))
                    con.execute("CREATE TEMP VIEW audit_events AS SELECT * FROM audit.audit_events")
                rows = con.execute(sql).fetchall()
            finally:
                con.close()
        except sqlite3.Error as e:
            raise RuntimeError("sqlite: %s" % e)
        out = []
        for r in rows:
            out.append([None if v is None else v.decode(errors="replace") if isinstance(v, bytes) else str(v)
                        for v in r])
        return out

    def try_query(self, db, sql):
        try:
            return self.query(db, sql)
        except RuntimeError:
            return None


# ---------------------------------------------------------------------------------------------
# The cluster: taskstream-fault-broker, driven over its standard input


class FaultBroker:
    def __init__(self, binary, brokers, logpath):
        self.log = open(logpath, "ab")
        self.proc = subprocess.Popen([binary, "--brokers", str(brokers)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.log, text=True, bufsize=1)
        self.bootstrap = None
        self.lock = threading.Lock()
        for line in self.proc.stdout:
            line = line.strip()
            if line.startswith("bootstrap.servers="):
                self.bootstrap = line.split("=", 1)[1]
            if line == "ready":
                break
        if not self.bootstrap:
            raise RuntimeError("taskstream-fault-broker did not start (see %s)" % logpath)

    def command(self, line):
        with self.lock:
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline().strip()
        if not answer.startswith("ok"):
            raise RuntimeError("fault broker: %s -> %s" % (line, answer))
        log("broker: " + line)

    def close(self):
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.flush()
            self.proc.wait(10)
        except Exception:
            self.proc.kill()
            self.proc.wait()


# ---------------------------------------------------------------------------------------------
# taskstreamd


class Daemon:
    def __init__(self, binary, name, workdir, common_args):
        self.binary = binary
        self.name = name
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.logpath = os.path.join(workdir, name + ".log")
        self.args = common_args + ["--data-dir", os.path.join(workdir, name), "--http-port", str(self.port)]
        self.proc = None
        self.up = False
        self.logfile = None

    def start(self, timeout=90):
        """Starts the process and waits for its ready lines; the seconds it took."""
        if self.logfile:
            self.logfile.close()
        self.logfile = open(self.logpath, "ab")
        self.logfile.write(b"---- start\n")
        self.logfile.flush()
        offset = self.logfile.tell()
        begin = time.monotonic()
        self.proc = subprocess.Popen([self.binary] + self.args, stdout=self.logfile, stderr=self.logfile)

        def ready():
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %s during start (log: %s)" % (self.name, self.proc.returncode,
                                                                                   self.logpath))
            with open(self.logpath, "rb") as f:
                f.seek(offset)
                return b"\nhttp=" in b"\n" + f.read()

        if wait_for(ready, timeout) is None:
            raise RuntimeError("%s did not get ready in %d s (log: %s)" % (self.name, timeout, self.logpath))
        self.up = True
        took = time.monotonic() - begin
        log("%s started in %.2f s on %s" % (self.name, took, self.url))
        return took

    def kill9(self):
        self.up = False
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        log("%s killed (SIGKILL)" % self.name)

    def stop(self, timeout=30):
        self.up = False
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ---------------------------------------------------------------------------------------------
# Load and acknowledgements


class Load:
    """Client threads walking tasks through create, rename, rename, complete."""

    def __init__(self, daemons, token, threads, pause):
        self.daemons = daemons
        self.headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
        self.threads = threads
        self.pause = pause
        self.stop_flag = threading.Event()
        self.lock = threading.Lock()
        self.acks = []  # (t_answer, task_id, step, latency_s)
        self.unknown = 0  # commands whose outcome the client cannot know
        self.refused = 0  # 503 or connection refused: retried
        self.errors = {}  # other statuses
        self.workers = []
        self.rr = 0

    def _pick(self):
        with self.lock:
            up = [d for d in self.daemons if d.up] or self.daemons
            self.rr += 1
            return up[self.rr % len(up)]

    def _send(self, session, method, path, body):
        """(status, json) of an answered request; (0, None) when nothing was sent (refused);
        (-1, None) when the outcome is unknown."""
        d = self._pick()
        try:
            r = session.request(method, d.url + path, json=body, headers=self.headers, timeout=10)
        except requests.exceptions.ConnectionError as e:
            text = str(e)
            if "refused" in text or "NewConnectionError" in text:
                return 0, None
            return -1, None
        except requests.exceptions.RequestException:
            return -1, None
        try:
            return r.status_code, r.json()
        except ValueError:
            return r.status_code, None

    def _command(self, session, method, path, body, ok_status):
        while not self.stop_flag.is_set():
            begin = time.monotonic()
            status, obj = self._send(session, method, path, body)
            if status == ok_status:
                return obj, time.monotonic() - begin
            if status in (0, 503):
                with self.lock:
                    self.refused += 1
                time.sleep(0.2)
                continue
            with self.lock:
                if status == -1:
                    self.unknown += 1
                else:
                    self.errors[status] = self.errors.get(status, 0) + 1
            return None, 0
        return None, 0

    def _ack(self, task_id, step, latency):
        with self.lock:
            self.acks.append((time.monotonic(), task_id, step, latency))

    def _run(self, wid):
        session = requests.Session()
        n = 0
        while not self.stop_flag.is_set():
            n += 1
            title = "w%d-%d" % (wid, n)
            obj, lat = self._command(session, "POST", "/api/v1/tasks", {"title": title + " #0"}, 201)
            if obj is None:
                continue
            task = obj["id"]
            self._ack(task, 0, lat)
            for step in (1, 2):
                time.sleep(self.pause)
                obj, lat = self._command(session, "PATCH", "/api/v1/tasks/" + task,
                                         {"title": "%s #%d" % (title, step)}, 200)
                if obj is None:
                    break
                self._ack(task, step, lat)
            else:
                time.sleep(self.pause)
                obj, lat = self._command(session, "POST", "/api/v1/tasks/%s/complete" % task, {}, 200)
                if obj is not None:
                    self._ack(task, 3, lat)
            time.sleep(self.pause)

    def start(self):
        for i in range(self.threads):
            t = threading.Thread(target=self._run, args=(i,), daemon=True)
            t.start()
            self.workers.append(t)

    def stop(self):
        self.stop_flag.set()
        for t in self.workers:
            t.join(30)

    def count(self):
        with self.lock:
            return len(self.acks)

    def wait_acks(self, more, timeout):
        target = self.count() + more
        return wait_for(lambda: self.count() >= target, timeout)

    def first_ack_after(self, t):
        with self.lock:
            times = [a[0] for a in self.acks if a[0] >= t]
        return min(times) - t if times else None

    def latencies(self, t_from=None, t_to=None):
        with self.lock:
            return [a[3] for a in self.acks if (t_from is None or a[0] >= t_from) and (t_to is None or a[0] <= t_to)]


# ---------------------------------------------------------------------------------------------
# Kafka: what is on the topics, read with a client this project did not write


class TopicReader:
    def __init__(self, bootstrap, topics):
        self.bootstrap = bootstrap
        self.topics = topics
        self.records = []  # (t_received, topic, partition, offset, key, ce_id, value)
        self.lock = threading.Lock()
        self.stop_flag = threading.Event()
        self.consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "faults-" + uuid.uuid4().hex,
                                  "auto.offset.reset": "earliest", "enable.auto.commit": False,
                                  "session.timeout.ms": 6000, "fetch.wait.max.ms": 50,
                                  "topic.metadata.refresh.interval.ms": 2000,
                                  # connection failures during an outage are expected, not news
                                  "log_level": 2})
        self.consumer.subscribe(topics)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop_flag.is_set():
            m = self.consumer.poll(0.2)
            if m is None:
                continue
            if m.error():  # end of a partition, or transport errors while brokers are down: it reconnects
                continue
            headers = dict((k, v) for k, v in (m.headers() or []))
            try:
                value = json.loads(m.value())
            except (ValueError, TypeError):
                value = None
            # Binary mode carries the event id in a header, structured mode (JSON) in the body.
            ce_id = (headers.get("ce_id") or b"").decode() or str((value or {}).get("id", ""))
            with self.lock:
                self.records.append((time.monotonic(), m.topic(), m.partition(), m.offset(),
                                     (m.key() or b"").decode(errors="replace"), ce_id, value))

    def count(self):
        with self.lock:
            return len(self.records)

    def snapshot(self):
        with self.lock:
            return list(self.records)

    def first_after(self, t):
        with self.lock:
            times = [r[0] for r in self.records if r[0] >= t]
        return min(times) - t if times else None

    def caught_up(self, timeout):
        """Waits until every partition of the topics is read to its end (high watermark)."""
        probe = Consumer({"bootstrap.servers": self.bootstrap, "group.id": "faults-probe-" + uuid.uuid4().hex})
        try:
            ends = {}
            for topic in self.topics:
                md = probe.list_topics(topic, timeout=10)
                for p in md.topics[topic].partitions:
                    ends[(topic, p)] = probe.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1]
        finally:
            probe.close()

        def done():
            seen = {}
            for r in self.snapshot():
                seen[(r[1], r[2])] = max(seen.get((r[1], r[2]), -1), r[3])
            return all(end == 0 or seen.get(k, -1) >= end - 1 for k, end in ends.items())

        return wait_for(done, timeout, 0.2) is not None

    def close(self):
        self.stop_flag.set()
        self.thread.join(10)
        self.consumer.close()


# ---------------------------------------------------------------------------------------------
# The checker


def step_of(title):
    if title and "#" in title:
        try:
            return int(title.rsplit("#", 1)[1])
        except ValueError:
            return None
    return None


def event_step(ev_type, data):
    """The load step an event records: the title's step, 3 for a completion."""
    if ev_type is None:
        return None
    if ev_type.endswith("TaskCompleted"):
        return 3
    if ev_type.endswith("TaskCreated") or ev_type.endswith("TaskUpdated"):
        return step_of((data or {}).get("title"))
    return None


class Report:
    def __init__(self, name):
        self.name = name
        self.lost = []
        self.duplicates = []
        self.order = []
        self.not_recovered = []
        self.figures = {}
        self.notes = []

    def failed(self):
        return bool(self.lost or self.duplicates or self.order or self.not_recovered)

    def show(self):
        log("==== %s: %s" % (self.name, "FAIL" if self.failed() else "pass"))
        for k, v in self.figures.items():
            log("  %-34s %s" % (k, v))
        for n in self.notes:
            log("  note: " + n)
        for label, items in (("lost", self.lost), ("duplicate effects", self.duplicates),
                             ("order violations", self.order), ("not recovered", self.not_recovered)):
            log("  %-34s %d" % (label, len(items)))
            for item in items[:10]:
                log("    " + item)
            if len(items) > 10:
                log("    ... and %d more" % (len(items) - 10))

    def as_dict(self):
        return {"scenario": self.name, "failed": self.failed(), "lost": len(self.lost),
                "duplicates": len(self.duplicates), "order_violations": len(self.order),
                "not_recovered": self.not_recovered, "figures": self.figures, "notes": self.notes,
                "examples": {"lost": self.lost[:20], "duplicates": self.duplicates[:20], "order": self.order[:20]}}


def settle(env, report, timeout, stall=30):
    """Waits until the broadcaster has caught up, the outbox is published and the audit log has
    every task event; all within one budget of \a timeout seconds, and giving up on a step that
    made no progress for \a stall seconds (what is missing then will not come)."""
    pg, db = env.pg, env.db
    deadline = time.monotonic() + timeout
    task_events = "SELECT COUNT(*) FROM outbox WHERE topic = '%s'" % TASK_TOPIC

    # Each: (done, progress) or None when the database does not answer.
    def outbox_state():
        rows = pg.try_query(db, "SELECT COUNT(*) FROM outbox WHERE " + env.unsent)
        return None if rows is None else (rows[0][0] == "0", rows[0][0])

    def broadcast_state():
        a = pg.try_query(db, "SELECT (SELECT COUNT(*) FROM outbox WHERE event_type ="
                             " 'com.todo.events.TaskChanged'), (%s)" % task_events)
        return None if a is None else (int(a[0][0]) >= int(a[0][1]), a[0])

    def audit_state():
        a = pg.try_query(db, "SELECT (SELECT COUNT(*) FROM audit_events WHERE topic = '%s'),"
                             " (SELECT COUNT(DISTINCT event_id) FROM outbox WHERE topic = '%s')"
                         % (TASK_TOPIC, TASK_TOPIC))
        return None if a is None else (int(a[0][0]) >= int(a[0][1]), a[0])

    steps = [("broadcasts written", broadcast_state)] if env.broadcast else []
    steps.append(("outbox published", outbox_state))
    if env.audit:
        steps.append(("audit log complete", audit_state))
    begin = time.monotonic()
    for label, state in steps:
        last, changed, why = None, time.monotonic(), None
        while True:
            st = state()
            if st is not None and st[0]:
                break
            now = time.monotonic()
            if st is not None and st[1] != last:
                last, changed = st[1], now
            if now > deadline:
                why = "not within %d s after the load" % timeout
            elif now - changed > stall:
                why = "no progress for %d s (at %s)" % (stall, last)
            if why:
                rows = pg.try_query(db, "SELECT COUNT(*) FROM outbox WHERE " + env.unsent)
                report.not_recovered.append("%s: %s; outbox rows not sent: %s" % (label, why, rows))
                return False
            time.sleep(0.5)
        report.figures["%s after load (s)" % label] = "%.2f" % (time.monotonic() - begin)
    return True


def check_tasks(env, report, load, reader):
    """Compares acknowledged commands with the tasks table, todo.tasks.events and the audit log."""
    pg, db = env.pg, env.db
    acked = {}  # task -> highest acknowledged step
    ack_set = set()
    for _, task, step, _ in load.acks:
        acked[task] = max(acked.get(task, -1), step)
        ack_set.add((task, step))
    report.figures["commands acknowledged"] = len(load.acks)
    report.figures["tasks created"] = len(acked)
    report.figures["unknown outcomes (timeouts)"] = load.unknown
    report.figures["retried (503 / refused)"] = load.refused
    if load.errors:
        report.notes.append("other answers: %s" % load.errors)

    # The tasks table: each acknowledged task exists and shows at least its last acknowledged step.
    rows = pg.try_query(db, "SELECT id, title, status FROM tasks")
    if rows is None:
        report.not_recovered.append("tasks table unreadable")
        return
    stored = {r[0]: (step_of(r[1]), r[2]) for r in rows}
    for task, step in acked.items():
        if task not in stored:
            report.lost.append("tasks: acknowledged task %s has no row" % task)
            continue
        title_step, status = stored[task]
        have = 3 if status == "completed" else title_step
        if have is None or have < step:
            report.lost.append("tasks: %s shows step %s, step %d was acknowledged" % (task, have, step))

    # Kafka: every acknowledged step is an event of its key, in order, once per command.
    by_key = {}
    redelivered = 0
    seen_ids = set()
    partitions = {}
    for rec in sorted((r for r in reader.snapshot() if r[1] == TASK_TOPIC), key=lambda r: (r[2], r[3])):
        _, _, part, off, key, ce_id, value = rec
        if ce_id in seen_ids:
            redelivered += 1
            continue
        seen_ids.add(ce_id)
        value = value or {}
        step = event_step(value.get("type"), value.get("data"))
        if step is None:
            continue
        by_key.setdefault(key, []).append((step, ce_id, part, off))
        partitions.setdefault(key, set()).add(part)
    report.figures["task events on Kafka"] = len(seen_ids)
    report.figures["records published again (same ce_id)"] = redelivered
    for key, events in by_key.items():
        if len(partitions[key]) > 1:
            report.order.append("kafka: key %s on partitions %s" % (key, sorted(partitions[key])))
        steps = [e[0] for e in events]
        for i in range(1, len(steps)):
            if steps[i] <= steps[i - 1]:
                report.order.append("kafka: key %s steps %s (partition %d offset %d)"
                                    % (key, steps, events[i][2], events[i][3]))
                break
        counts = {}
        for s in steps:
            counts[s] = counts.get(s, 0) + 1
        for s, c in counts.items():
            if c > 1:
                report.duplicates.append("kafka: task %s step %d published as %d different events" % (key, s, c))
    for task, step in sorted(ack_set):
        if step not in [e[0] for e in by_key.get(task, [])]:
            report.lost.append("kafka: task %s step %d acknowledged, no event on %s" % (task, step, TASK_TOPIC))

    # The audit log: one entry per event id (a unique key), one event per command, in order.
    if env.audit:
        rows = pg.try_query(db, "SELECT task_id, event_type, payload FROM audit_events WHERE topic = '%s'"
                                " ORDER BY id" % TASK_TOPIC)
        if rows is None:
            report.not_recovered.append("audit log unreadable")
            return
        audit = {}
        for task, ev_type, payload in rows:
            try:
                p = json.loads(payload)
            except ValueError:
                p = {}
            data = p.get("data", p) if isinstance(p, dict) else {}
            step = event_step(ev_type, data)
            audit.setdefault(task, []).append(step)
        report.figures["audit entries (task events)"] = len(rows)
        for task, steps in audit.items():
            known = [s for s in steps if s is not None]
            if len(set(known)) != len(known):
                report.duplicates.append("audit: task %s steps %s" % (task, known))
            elif known != sorted(known):
                report.order.append("audit: task %s recorded as steps %s" % (task, known))
        for task, step in sorted(ack_set):
            if step not in audit.get(task, []):
                report.lost.append("audit: task %s step %d acknowledged, not in the audit log" % (task, step))

    # Broadcasts: one TaskChanged per task event (records published again aside).
    if env.broadcast:
        sources = {}
        seen = set()
        for rec in reader.snapshot():
            if rec[1] != BROADCAST_TOPIC or rec[5] in seen:
                continue
            seen.add(rec[5])
            src = ((rec[6] or {}).get("data") or {}).get("source_event_id")
            if isinstance(src, dict):  # an Avro union in JSON: {"string": ...}
                src = next(iter(src.values()), None)
            if src:
                sources[src] = sources.get(src, 0) + 1
        for s, c in sources.items():
            if c > 1:
                report.duplicates.append("broadcast: source event %s broadcast %d times" % (s, c))
        report.figures["broadcasts on Kafka"] = sum(sources.values())
        missing = [e for e in seen_ids if e not in sources]
        if missing:
            report.lost.append("broadcast: %d task events were never broadcast, e.g. %s" % (len(missing), missing[0]))


def latency_figures(report, load, label, t_from=None, t_to=None):
    lat = load.latencies(t_from, t_to)
    if lat:
        report.figures["API latency %s p50/p99/max (ms)" % label] = "%.0f / %.0f / %.0f" % (
            1000 * percentile(lat, 50), 1000 * percentile(lat, 99), 1000 * max(lat))


# ---------------------------------------------------------------------------------------------
# Scenarios


class Env:
    """One scenario's world: a database on the shared PostgreSQL server, the cluster, daemons."""

    def __init__(self, args, pg, workdir, name, daemons=1, roles=None):
        self.args = args
        self.pg = pg  # the store the checker reads: PostgreSQL, or the daemons' SQLite file
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir)
        if args.database == "postgresql":
            self.db = "faults_" + name.replace("-", "_") + "_" + uuid.uuid4().hex[:6]
            pg.create_database(self.db)
            url = pg.url(self.db)
            # Rows not yet acknowledged by Kafka: each row is marked sent itself.
            self.unsent = "status <> 'sent'"
        else:
            self.db = url = os.path.join(self.dir, "taskstream.db")
            self.pg = SqliteStore(self.db)
            # On SQLite "sent" is a cursor: pending rows up to it are sent (docs/api.md).
            self.unsent = ("status <> 'sent' AND NOT (status = 'pending' AND seq <="
                           " (SELECT sent_through FROM outbox_cursor))")
        self.broker = FaultBroker(args.broker, 3, os.path.join(self.dir, "broker.log"))
        secret = os.path.join(self.dir, "jwt-secret")
        with open(secret, "wb") as f:
            f.write(os.urandom(32).hex().encode())  # text: the loader trims whitespace
        os.chmod(secret, 0o600)
        roles = roles or "api,relay,recurring,broadcaster,audit,reminder-scheduler,reminder-trigger,notifier"
        self.audit = "audit" in roles.split(",")
        self.broadcast = "broadcaster" in roles.split(",")
        common = ["--brokers", self.broker.bootstrap, "--database", url, "--jwt-secret-file", secret,
                  "--roles", roles, "--wire-format", "json", "--log-format", "text",
                  "--shutdown-grace-seconds", "5",
                  # The embedded cluster holds a rebalance's JoinGroups for the session timeout
                  # less a second and answers a waiting fetch only at fetch.wait.max.ms: the
                  # tuning the daemon uses for its own embedded broker.
                  "--kafka-property", "session.timeout.ms=6000", "--kafka-property", "heartbeat.interval.ms=500",
                  "--kafka-property", "fetch.wait.max.ms=10"]
        self.daemons = [Daemon(args.daemon, "taskstreamd%d" % i, self.dir, common) for i in range(daemons)]
        self.user = str(uuid.uuid4())
        r = subprocess.run([args.daemon, "token", "--user", self.user, "--jwt-secret-file", secret, "--ttl", "86400"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            raise RuntimeError("taskstreamd token: " + r.stderr)
        self.token = r.stdout.strip()
        self.reader = None

    def start(self):
        for d in self.daemons:
            d.start()
        self.reader = TopicReader(self.broker.bootstrap, [TASK_TOPIC, REMINDER_TOPIC, BROADCAST_TOPIC])

    def load(self, threads=3, pause=0.05):
        return Load(self.daemons, self.token, threads, pause)

    def api(self, method, path, body=None, daemon=0):
        return requests.request(method, self.daemons[daemon].url + path, json=body, timeout=10,
                                headers={"Authorization": "Bearer " + self.token})

    def close(self):
        if self.reader:
            self.reader.close()
        for d in self.daemons:
            d.stop()
        self.broker.close()


def finish(env, report, load, settle_timeout):
    """Stops the load, waits for the system to settle and checks every effect."""
    load.stop()
    log("load stopped: %d commands acknowledged" % load.count())
    if report.not_recovered:  # what is there is still checked, without a long wait
        settle_timeout = min(settle_timeout, 10)
    if settle(env, report, settle_timeout):
        if not env.reader.caught_up(settle_timeout):
            report.notes.append("could not read %s to its end" % TASK_TOPIC)
    check_tasks(env, report, load, env.reader)
    relay_figures(env, report)


def relay_figures(env, report):
    """What the relays say they published (acknowledged by Kafka since their start) next to the
    outbox and the records on Kafka: tells a record the broker acknowledged and does not have from
    one the relay never sent."""
    published = 0
    for d in env.daemons:
        if not d.up:
            continue
        try:
            text = requests.get(d.url + "/metrics", timeout=5).text
        except requests.exceptions.RequestException:
            continue
        for line in text.splitlines():
            if line.startswith("taskstream_outbox_published_total"):
                published += int(float(line.split()[-1]))
    rows = env.pg.try_query(env.db, "SELECT COUNT(*) FROM outbox")
    distinct = len(set((r[1], r[5]) for r in env.reader.snapshot()))
    report.figures["outbox rows / acknowledged by Kafka (relay) / on Kafka"] = "%s / %d / %d" % (
        rows[0][0] if rows else "?", published, distinct)


def backlog_recovery(env, report, what, timeout, since=None):
    """Right after a dependency returns: how long until everything committed before that moment
    is published, and (with the audit role) in the audit log, counted from \a since (default:
    now). Load goes on meanwhile."""
    pg, db = env.pg, env.db
    begin = time.monotonic()
    since = since or begin
    rows = None
    while rows is None and time.monotonic() - begin < timeout:
        rows = pg.try_query(db, "SELECT COALESCE(MAX(seq), 0) FROM outbox")
    if rows is None:
        report.not_recovered.append("outbox unreadable %d s after %s" % (timeout, what))
        return
    last = int(rows[0][0])

    def published():
        r = pg.try_query(db, "SELECT COUNT(*) FROM outbox WHERE seq <= %d AND %s" % (last, env.unsent))
        return r is not None and r[0][0] == "0"

    def audited():
        r = pg.try_query(db, "SELECT COUNT(*) FROM outbox o WHERE o.seq <= %d AND o.topic = '%s' AND NOT EXISTS"
                             " (SELECT 1 FROM audit_events a WHERE a.event_id = o.event_id)" % (last, TASK_TOPIC))
        return r is not None and r[0][0] == "0"

    checks = [("backlog published", published)] + ([("backlog in the audit log", audited)] if env.audit else [])
    for label, done in checks:
        if wait_for(done, max(0.0, timeout - (time.monotonic() - begin)), 0.2) is None:
            report.not_recovered.append("%s: not within %d s after %s" % (label, timeout, what))
            return
        report.figures["%s after %s (s)" % (label, what)] = "%.2f" % (time.monotonic() - since)


def sample_readyz(env, stop_flag, samples):
    while not stop_flag.is_set():
        try:
            r = requests.get(env.daemons[0].url + "/readyz", timeout=3)
            try:
                body = r.json()
            except ValueError:
                body = {}
            samples.append((r.status_code, (body.get("checks") or {}).get("kafka")))
        except requests.exceptions.RequestException as e:
            samples.append((0, type(e).__name__))
        stop_flag.wait(0.5)


def summarize_readyz(samples):
    counts = {}
    for status, _ in samples:
        counts[status] = counts.get(status, 0) + 1
    return ", ".join("%s x%d" % (s, c) for s, c in sorted(counts.items()))


def scenario_brokers_down(args, pg, workdir):
    """a. Every broker down during a burst of creates, then up."""
    p = dict(outage=5, before=50, after=30) if args.short else dict(outage=30, before=300, after=15)
    report = Report("brokers-down")
    env = Env(args, pg, workdir, "brokers-down")
    try:
        env.start()
        load = env.load()
        load.start()
        load.wait_acks(p["before"], 60)
        samples, stop = [], threading.Event()
        env.broker.command("down all")
        t_down = time.monotonic()
        acks_before = load.count()
        sampler = threading.Thread(target=sample_readyz, args=(env, stop, samples), daemon=True)
        sampler.start()
        time.sleep(p["outage"])  # the outage itself: load goes on
        stop.set()
        sampler.join()
        acked_during = load.count() - acks_before
        env.broker.command("up all")
        t_up = time.monotonic()
        latency_figures(report, load, "during outage", t_down, t_up)
        report.figures["outage (s)"] = p["outage"]
        report.figures["commands acknowledged during outage"] = acked_during
        report.figures["/readyz during outage"] = summarize_readyz(samples)
        kafka_state = sorted(set(str(k) for _, k in samples if k != "ok"))
        if kafka_state:
            report.notes.append("/readyz kafka check during outage: %s" % "; ".join(kafka_state)[:300])
        # Recovery: the first event on Kafka after the brokers return.
        back = wait_for(lambda: env.reader.first_after(t_up) is not None, 120)
        if back is None:
            report.not_recovered.append("no event reached Kafka within 120 s after the brokers came back")
        else:
            report.figures["first event on Kafka after up (s)"] = "%.2f" % back
            backlog_recovery(env, report, "up", 120, since=t_up)
        load.wait_acks(p["after"], 60)
        finish(env, report, load, 120 if args.short else 300)
    finally:
        env.close()
    return report


def scenario_kill9(args, pg, workdir):
    """b. kill -9 of taskstreamd during bursts, N rounds; restarted at once."""
    p = dict(rounds=3, between=40) if args.short else dict(rounds=10, between=150)
    report = Report("kill9")
    env = Env(args, pg, workdir, "kill9")
    try:
        env.start()
        load = env.load()
        load.start()
        restarts, first_acks, first_events = [], [], []
        for rnd in range(p["rounds"]):
            if load.wait_acks(p["between"], 90) is None:
                report.not_recovered.append("round %d: no progress in 90 s" % rnd)
                break
            env.daemons[0].kill9()
            t_kill = time.monotonic()
            restarts.append(env.daemons[0].start())
            t_ready = time.monotonic()
            a = wait_for(lambda: load.first_ack_after(t_ready) is not None, 60)
            e = wait_for(lambda: env.reader.first_after(t_ready) is not None, 120)
            if a is None or e is None:
                report.not_recovered.append("round %d: no %s after the restart" % (rnd, "answer" if a is None
                                                                                     else "event on Kafka"))
                continue
            first_acks.append(load.first_ack_after(t_kill))
            first_events.append(env.reader.first_after(t_ready))
        report.figures["rounds"] = p["rounds"]
        if restarts:
            report.figures["restart to ready (s) median/max"] = "%.2f / %.2f" % (percentile(restarts, 50),
                                                                                max(restarts))
        if first_acks:
            report.figures["kill to first 2xx (s) median/max"] = "%.2f / %.2f" % (percentile(first_acks, 50),
                                                                                 max(first_acks))
        if first_events:
            report.figures["ready to first event (s) median/max"] = "%.2f / %.2f" % (percentile(first_events, 50),
                                                                                    max(first_events))
        # The consumer groups' recovery after the last kill (they wait out the killed member).
        if restarts:
            backlog_recovery(env, report, "the last restart", 120, since=t_ready)
        load.wait_acks(20, 60)
        finish(env, report, load, 120 if args.short else 300)
    finally:
        env.close()
    return report


def scenario_pg_restart(args, pg, workdir):
    """c. PostgreSQL stopped with `pg_ctl stop -m immediate` under load, started again."""
    p = dict(outage=5, before=50, after=30) if args.short else dict(outage=15, before=300, after=150)
    report = Report("pg-restart")
    env = Env(args, pg, workdir, "pg-restart")
    try:
        env.start()
        load = env.load()
        load.start()
        load.wait_acks(p["before"], 60)
        pg.stop_immediate()
        t_down = time.monotonic()
        log("postgresql stopped (immediate)")
        samples, stop = [], threading.Event()
        sampler = threading.Thread(target=sample_readyz, args=(env, stop, samples), daemon=True)
        sampler.start()
        time.sleep(p["outage"])
        stop.set()
        sampler.join()
        pg.start()
        t_up = time.monotonic()
        log("postgresql started again (down %.1f s)" % (t_up - t_down))
        report.figures["outage (s)"] = p["outage"]
        report.figures["/readyz during outage"] = summarize_readyz(samples)
        bound = 30 if args.short else 120
        a = wait_for(lambda: load.first_ack_after(t_up) is not None, bound)
        if a is None:
            report.not_recovered.append("no command acknowledged within %d s after PostgreSQL came back" % bound)
        else:
            report.figures["first 2xx after PostgreSQL is back (s)"] = "%.2f" % load.first_ack_after(t_up)
            e = wait_for(lambda: env.reader.first_after(t_up) is not None, 60)
            if e is None:
                report.not_recovered.append("no event reached Kafka within 60 s after PostgreSQL came back")
            else:
                report.figures["first event on Kafka after it is back (s)"] = "%.2f" % env.reader.first_after(t_up)
            backlog_recovery(env, report, "start", 120, since=t_up)
            load.wait_acks(p["after"], 60)
        finish(env, report, load, 60 if args.short else 300)
    finally:
        env.close()
    return report


def scenario_reminder_crash(args, pg, workdir):
    """d. Reminders fall due while the process that owns them is dead (kill -9)."""
    p = dict(tasks=5, lead=8) if args.short else dict(tasks=50, lead=15)
    report = Report("reminder-crash")
    env = Env(args, pg, workdir, "reminder-crash")
    try:
        env.start()
        # Reminders with offset 0 fire at the due date.
        due = time.time() + p["lead"]
        due_iso = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(due)) + ".%03dZ" % int((due % 1) * 1000)
        tasks = []
        for i in range(p["tasks"]):
            r = env.api("POST", "/api/v1/tasks", {"title": "reminder %d #0" % i, "due_date": due_iso,
                                                  "remind_before_minutes": [0]})
            if r.status_code != 201:
                raise RuntimeError("create answered %d: %s" % (r.status_code, r.text))
            tasks.append(r.json()["id"])
        ids = ",".join("'%s'" % t for t in tasks)

        def scheduled():
            rows = env.pg.try_query(env.db, "SELECT COUNT(*) FROM reminders WHERE task_id IN (%s)" % ids)
            return rows is not None and int(rows[0][0]) >= len(tasks)

        if wait_for(scheduled, max(1, due - time.time() - 1.5)) is None:
            report.notes.append("the reminders were not all scheduled before the crash")
        env.daemons[0].kill9()
        rows = env.pg.query(env.db, "SELECT MAX(remind_at) FROM reminders WHERE task_id IN (%s)" % ids)
        remind_at = int(rows[0][0]) / 1000.0 if rows and rows[0][0] else due
        # Down until every reminder is due, and a second more.
        time.sleep(max(0.0, remind_at - time.time() + 1.0))
        env.daemons[0].start()

        def fired():
            rows = env.pg.try_query(env.db, "SELECT COUNT(*) FROM notifications WHERE task_id IN (%s)" % ids)
            return rows is not None and int(rows[0][0]) >= len(tasks)

        took = wait_for(fired, 60 if args.short else 180, 0.2)
        if took is None:
            report.not_recovered.append("reminders not all fired within the bound after the restart")
        else:
            report.figures["restart to every reminder fired (s)"] = "%.2f" % took
        rows = env.pg.query(env.db, "SELECT r.id, r.status, r.remind_at, r.fired_at,"
                                " (SELECT COUNT(*) FROM notifications n WHERE n.reminder_id = r.id)"
                                " FROM reminders r WHERE r.task_id IN (%s)" % ids)
        report.figures["reminders"] = len(rows)
        for rid, status, at, fired_at, notes in rows:
            if int(notes) == 0 or status != "fired":
                report.lost.append("reminder %s: status %s, %s notifications" % (rid, status, notes))
            elif int(notes) > 1:
                report.duplicates.append("reminder %s: %s notifications" % (rid, notes))
            if fired_at is not None and int(fired_at) < int(at):
                report.order.append("reminder %s fired %d ms early" % (rid, int(at) - int(fired_at)))
        # ReminderTriggered on Kafka: one event per reminder (redeliveries of one ce_id aside).
        env.reader.caught_up(60)
        triggered = {}
        for rec in env.reader.snapshot():
            value = rec[6] or {}
            if rec[1] == REMINDER_TOPIC and str(value.get("type", "")).endswith("ReminderTriggered"):
                rid = (value.get("data") or {}).get("reminder_id")
                triggered.setdefault(rid, set()).add(rec[5])
        report.figures["ReminderTriggered events"] = sum(len(v) for v in triggered.values())
        for rid, _, _, _, _ in rows:
            n = len(triggered.get(rid, ()))
            if n == 0:
                report.lost.append("reminder %s: no ReminderTriggered on %s" % (rid, REMINDER_TOPIC))
            elif n > 1:
                report.duplicates.append("reminder %s: %d ReminderTriggered events" % (rid, n))
    finally:
        env.close()
    return report


def scenario_two_daemons(args, pg, workdir):
    """e. Two daemons, every role, on one PostgreSQL and one cluster; one is killed and restarted."""
    p = dict(before=60, after=40) if args.short else dict(before=500, after=500)
    report = Report("two-daemons")
    env = Env(args, pg, workdir, "two-daemons", daemons=2)
    try:
        env.start()
        load = env.load(threads=6)
        load.start()
        load.wait_acks(p["before"], 90)
        env.daemons[0].kill9()
        t_kill = time.monotonic()
        load.wait_acks(p["after"] // 2, 60)
        env.daemons[0].start()
        report.figures["2xx after the kill (s)"] = "%.2f" % (load.first_ack_after(t_kill) or -1)
        load.wait_acks(p["after"], 90)
        finish(env, report, load, 120 if args.short else 300)
    finally:
        env.close()
    return report


def scenario_slow_broker(args, pg, workdir):
    """f. A slow cluster: every broker answers RTT ms late for a while."""
    p = dict(rtt=300, period=6, before=40) if args.short else dict(rtt=500, period=30, before=200)
    report = Report("slow-broker")
    env = Env(args, pg, workdir, "slow-broker")
    try:
        env.start()
        load = env.load()
        load.start()
        load.wait_acks(p["before"], 60)
        t0 = time.monotonic()
        latency_figures(report, load, "before", None, t0)
        env.broker.command("rtt all %d" % p["rtt"])
        n0 = env.reader.count()
        time.sleep(p["period"])
        env.broker.command("rtt all 0")
        t1 = time.monotonic()
        backlog_recovery(env, report, "RTT 0", 120, since=t1)
        latency_figures(report, load, "with %d ms RTT" % p["rtt"], t0, t1)
        report.figures["events on Kafka during slow period"] = env.reader.count() - n0
        load.wait_acks(30, 60)
        finish(env, report, load, 120 if args.short else 300)
    finally:
        env.close()
    return report


# Retriable Kafka errors, one command per round (taken in turn): 6 NOT_LEADER_OR_FOLLOWER and
# 7 REQUEST_TIMED_OUT, on Produce (ApiKey 0) or Fetch (ApiKey 1). Each code in a run of its own.
REQUEST_ERRORS = {
    "produce": ["errors 0 6 6 6 6", "errors 0 7 7 7"],
    "fetch": ["errors 1 6 7 6 7", "errors 1 7 6"],
}


def request_errors(args, pg, workdir, kind):
    """g. Produce (or Fetch) requests fail with retriable errors, a few in a row, a few times."""
    p = dict(rounds=2, before=40, between=40) if args.short else dict(rounds=10, before=200, between=100)
    name = kind + "-errors"
    report = Report(name)
    env = Env(args, pg, workdir, name)
    try:
        env.start()
        load = env.load()
        load.start()
        load.wait_acks(p["before"], 60)
        commands = REQUEST_ERRORS[kind]
        for i in range(p["rounds"]):
            env.broker.command(commands[i % len(commands)])
            if load.wait_acks(p["between"], 60) is None:
                report.not_recovered.append("no progress within 60 s after request errors")
                break
        report.figures["rounds of %s errors" % kind] = p["rounds"]
        finish(env, report, load, 120 if args.short else 300)
    finally:
        env.close()
    return report


def scenario_produce_errors(args, pg, workdir):
    return request_errors(args, pg, workdir, "produce")


def scenario_fetch_errors(args, pg, workdir):
    return request_errors(args, pg, workdir, "fetch")


# Scenarios about PostgreSQL itself, or several daemons on one database.
POSTGRESQL_ONLY = ("pg-restart", "two-daemons")

SCENARIOS = {
    "brokers-down": scenario_brokers_down,
    "kill9": scenario_kill9,
    "pg-restart": scenario_pg_restart,
    "reminder-crash": scenario_reminder_crash,
    "two-daemons": scenario_two_daemons,
    "slow-broker": scenario_slow_broker,
    "produce-errors": scenario_produce_errors,
    "fetch-errors": scenario_fetch_errors,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--daemon", required=True, help="taskstreamd to test")
    parser.add_argument("--broker", required=True, help="taskstream-fault-broker")
    parser.add_argument("--short", action="store_true", help="seconds per scenario (CI)")
    parser.add_argument("--json", help="write the reports to this file")
    parser.add_argument("--keep", action="store_true", help="keep the logs and the database directory")
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql",
                        help="the daemons' store: a private PostgreSQL server (default) or a SQLite file "
                             "(one daemon; not pg-restart or two-daemons)")
    parser.add_argument("scenarios", nargs="+", help="%s or all" % ", ".join(SCENARIOS))
    args = parser.parse_args()
    names = list(SCENARIOS) if "all" in args.scenarios else args.scenarios
    if args.database == "sqlite" and "all" in args.scenarios:
        names = [n for n in names if n not in POSTGRESQL_ONLY]
    for n in names:
        if n not in SCENARIOS:
            parser.error("unknown scenario '%s' (%s, all)" % (n, ", ".join(SCENARIOS)))
        if args.database == "sqlite" and n in POSTGRESQL_ONLY:
            parser.error("scenario '%s' needs --database postgresql" % n)
    for path in (args.daemon, args.broker):
        if not os.access(path, os.X_OK):
            parser.error("%s is not an executable" % path)

    workdir = tempfile.mkdtemp(prefix="taskstream-faults-")
    log("work directory: %s (store: %s)" % (workdir, args.database))
    pg = Postgres(workdir) if args.database == "postgresql" else None
    reports = []
    try:
        if pg:
            pg.init()
            pg.start()
        for n in names:
            log("---- scenario %s (%s)" % (n, "short" if args.short else "full"))
            try:
                report = SCENARIOS[n](args, pg, workdir)
            except Exception as e:  # a scenario that cannot run is a failure, said plainly
                report = Report(n)
                report.not_recovered.append("scenario aborted: %s: %s" % (type(e).__name__, e))
                # PostgreSQL may be down if the scenario stopped it.
                if pg and pg.try_query("postgres", "SELECT 1") is None:
                    try:
                        pg.start()
                    except RuntimeError:
                        pass
            report.show()
            reports.append(report)
    finally:
        if pg:
            pg.stop_immediate()
        if args.json:
            with open(args.json, "w") as f:
                json.dump([r.as_dict() for r in reports], f, indent=2)
        if args.keep or any(r.failed() for r in reports):
            log("logs kept in " + workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    failed = [r.name for r in reports if r.failed()]
    log("summary: %d scenario(s), failed: %s" % (len(reports), ", ".join(failed) or "none"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
