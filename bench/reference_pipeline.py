#!/usr/bin/python3
"""The reference for bench_processing_pipeline: the seeds' consumer design written the obvious way
in Python (Debian's python3-confluent-kafka), so the C++ runner has a yardstick.

Per batch of up to 500 records: json.loads each CloudEvents record, insert the ledger row
(group, event id) with INSERT OR IGNORE, insert the effect row when the ledger row is new, commit
the SQLite transaction, then commit the offsets synchronously. SQLite runs in WAL mode with
synchronous=FULL, the same durability as the C++ runner. Prints one JSON line like the C++ worker.
"""
import argparse
import json
import resource
import sqlite3
import time

from confluent_kafka import Consumer, KafkaException


def cpu_seconds():
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bootstrap", required=True)
    ap.add_argument("--topic", required=True)
    ap.add_argument("--group", required=True)
    ap.add_argument("--database", required=True)
    ap.add_argument("--count", type=int, required=True)
    args = ap.parse_args()

    db = sqlite3.connect(args.database, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE IF NOT EXISTS processed_events (consumer_group TEXT NOT NULL, event_id TEXT NOT NULL,"
               " topic TEXT, kafka_partition INTEGER, kafka_offset INTEGER, processed_at INTEGER,"
               " PRIMARY KEY (consumer_group, event_id))")
    db.execute("CREATE TABLE IF NOT EXISTS effects (event_id TEXT PRIMARY KEY, task_id TEXT NOT NULL, title TEXT NOT NULL)")

    consumer = Consumer({
        "bootstrap.servers": args.bootstrap,
        "group.id": args.group,
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "fetch.wait.max.ms": 5,  # the embedded broker answers a waiting fetch only when this expires
    })
    consumer.subscribe([args.topic])
    start = time.monotonic()
    cpu0 = cpu_seconds()
    done = 0
    duplicates = 0
    first = None
    while done < args.count:
        batch = consumer.consume(num_messages=500, timeout=1.0)
        if not batch:
            continue
        if first is None:
            first = time.monotonic() - start
        db.execute("BEGIN")
        for msg in batch:
            if msg.error():
                raise KafkaException(msg.error())
            event = json.loads(msg.value())
            cur = db.execute("INSERT OR IGNORE INTO processed_events VALUES (?, ?, ?, ?, ?, ?)",
                             (args.group, event["id"], msg.topic(), msg.partition(), msg.offset(),
                              int(time.time() * 1000)))
            if cur.rowcount == 0:
                duplicates += 1
                continue
            data = event["data"]
            task = data.get("task", data)
            db.execute("INSERT INTO effects VALUES (?, ?, ?)",
                       (event["id"], msg.key().decode(), task.get("title", "")))
            done += 1
        db.execute("COMMIT")
        consumer.commit(asynchronous=False)
    seconds = time.monotonic() - start
    cpu = cpu_seconds() - cpu0
    consumer.close()
    print(json.dumps({"events": done, "seconds": seconds, "first_record_seconds": first, "cpu_seconds": cpu,
                      "duplicates": duplicates}))


if __name__ == "__main__":
    main()
