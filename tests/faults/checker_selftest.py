#!/usr/bin/python3
"""The fault checker catches what it claims to: each kind of breakage, fed to check_tasks() as
acknowledgements, table rows and Kafka records, is reported, and a clean history is not."""

import importlib.util
import json
import os
import sys
import unittest

spec = importlib.util.spec_from_file_location("faults", os.path.join(os.path.dirname(__file__), "faults.py"))
faults = importlib.util.module_from_spec(spec)
spec.loader.exec_module(faults)

TASK = "task-a"


class FakePg:
    def __init__(self, tasks, audit):
        self.tasks = tasks
        self.audit = audit

    def try_query(self, db, sql):
        if sql.startswith("SELECT id, title, status FROM tasks"):
            return self.tasks
        if sql.startswith("SELECT task_id, event_type, payload FROM audit_events"):
            return self.audit
        raise AssertionError("unexpected query: " + sql)


class FakeEnv:
    def __init__(self, pg):
        self.pg = pg
        self.db = "db"
        self.audit = True
        self.broadcast = True


class FakeLoad:
    def __init__(self, steps):
        self.acks = [(float(i), TASK, s, 0.001) for i, s in enumerate(steps)]
        self.unknown = 0
        self.refused = 0
        self.errors = {}


class FakeReader:
    def __init__(self, records):
        self.records = records

    def snapshot(self):
        return self.records


def event(step, ce_id):
    if step == 3:
        return {"id": ce_id, "type": "com.todo.events.TaskCompleted", "data": {"id": TASK}}
    kind = "TaskCreated" if step == 0 else "TaskUpdated"
    return {"id": ce_id, "type": "com.todo.events." + kind, "data": {"id": TASK, "title": "w0-1 #%d" % step}}


def history(kafka_steps, audit_steps=None, broadcast=True, final=("w0-1 #2", "completed")):
    """A world in which the task's events are on Kafka in kafka_steps order (ids e<step>, a
    repeated step gets a new id unless given as (step, id))."""
    records, offset = [], 0
    ids = []
    for s in kafka_steps:
        step, ce_id = s if isinstance(s, tuple) else (s, "e%d-%d" % (s, offset))
        records.append((0.0, faults.TASK_TOPIC, 1, offset, TASK, ce_id, event(step, ce_id)))
        ids.append(ce_id)
        offset += 1
    if broadcast:
        for i, ce_id in enumerate(dict.fromkeys(ids)):
            records.append((0.0, faults.BROADCAST_TOPIC, 0, i, TASK, "b" + ce_id,
                            {"id": "b" + ce_id, "data": {"source_event_id": {"string": ce_id}}}))
    audit = [(TASK, event(s, "x")["type"], json.dumps(event(s, "x")))
             for s in (audit_steps if audit_steps is not None else [0, 1, 2, 3])]
    return FakeEnv(FakePg([[TASK, final[0], final[1]]], audit)), FakeReader(records)


def check(env, reader, acked=(0, 1, 2, 3)):
    report = faults.Report("selftest")
    faults.check_tasks(env, report, FakeLoad(acked), reader)
    return report


class CheckerCatches(unittest.TestCase):
    def test_clean_history_passes(self):
        r = check(*history([0, 1, 2, 3]))
        self.assertFalse(r.failed(), r.as_dict())

    def test_republished_record_is_counted_not_failed(self):
        r = check(*history([0, 1, (2, "same"), (2, "same"), 3]))
        self.assertFalse(r.failed(), r.as_dict())
        self.assertEqual(r.figures["records published again (same ce_id)"], 1)

    def test_event_missing_on_kafka_is_lost(self):
        r = check(*history([0, 1, 3]))
        self.assertTrue(any("step 2" in x and x.startswith("kafka") for x in r.lost), r.lost)

    def test_row_behind_acknowledgement_is_lost(self):
        r = check(*history([0, 1, 2, 3], final=("w0-1 #1", "pending")))
        self.assertTrue(any(x.startswith("tasks") for x in r.lost), r.lost)

    def test_missing_audit_entry_is_lost(self):
        r = check(*history([0, 1, 2, 3], audit_steps=[0, 1, 3]))
        self.assertTrue(any(x.startswith("audit") and "step 2" in x for x in r.lost), r.lost)

    def test_missing_broadcast_is_lost(self):
        r = check(*history([0, 1, 2, 3], broadcast=False))
        self.assertTrue(any(x.startswith("broadcast") for x in r.lost), r.lost)

    def test_one_command_as_two_events_is_a_duplicate(self):
        r = check(*history([0, 1, 2, 2, 3]))
        self.assertTrue(any("step 2" in x for x in r.duplicates), r.duplicates)

    def test_duplicate_audit_entry_is_a_duplicate(self):
        r = check(*history([0, 1, 2, 3], audit_steps=[0, 1, 2, 2, 3]))
        self.assertTrue(any(x.startswith("audit") for x in r.duplicates), r.duplicates)

    def test_reordered_events_are_an_order_violation(self):
        r = check(*history([0, 1, 3, 2], audit_steps=[0, 1, 3, 2]))
        self.assertTrue(any(x.startswith("kafka") for x in r.order), r.order)
        self.assertTrue(any(x.startswith("audit") for x in r.order), r.order)

    def test_unacknowledged_extra_step_is_fine(self):
        # The client never heard back about the completion: its event may or may not exist.
        r = check(*history([0, 1, 2, 3]), acked=(0, 1, 2))
        self.assertFalse(r.failed(), r.as_dict())


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
