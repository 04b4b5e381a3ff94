#!/usr/bin/python3
"""Independent side of the Avro interop test, using python3-avro (Apache Avro's Python library).

Modes (schemas directory as the second argument):
  fingerprints  print {fullname: {"canonical", "python_canonical", "fingerprint"}} as JSON
  decode        read single-object payloads (one hex string per stdin line), print the records as JSON lines
  encode        write one single-object payload per schema, print {"type", "hex", "record"} JSON lines

The CRC-64-AVRO fingerprint is computed here from the specification, independently of core.
"""
import datetime
import glob
import io
import json
import os
import re
import sys
import uuid

import avro.io
import avro.schema

EMPTY = 0xC15D213AA4D7A795
PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def crc64_avro(data: bytes) -> int:
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (EMPTY & -(fp & 1))
        table.append(fp)
    fp = EMPTY
    for b in data:
        fp = (fp >> 8) ^ table[(fp ^ b) & 0xFF]
    return fp


def spec_canonical(python_canonical: str) -> str:
    """python3-avro 1.11.1 leaves a primitive with a logical type as {"type": "long"}; the
    specification's [PRIMITIVES] rule makes it "long". Apply that rule, change nothing else."""
    def fix(node):
        if isinstance(node, dict):
            if list(node.keys()) == ["type"] and node["type"] in PRIMITIVES:
                return node["type"]
            return {k: fix(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fix(v) for v in node]
        return node
    return json.dumps(fix(json.loads(python_canonical)), separators=(",", ":"), ensure_ascii=False)


def version_of(path):
    """Name.avsc is version 1, Name.vN.avsc version N."""
    m = re.search(r"\.v(\d+)\.avsc$", path)
    return int(m.group(1)) if m else 1


def load(directory):
    """Each type's current (highest) version."""
    schemas = {}
    versions = {}
    for path in sorted(glob.glob(os.path.join(directory, "avro", "*.avsc"))):
        with open(path, encoding="utf-8") as f:
            s = avro.schema.parse(f.read())
        if versions.get(s.fullname, 0) > version_of(path):
            continue
        versions[s.fullname] = version_of(path)
        canonical = spec_canonical(s.canonical_form)
        schemas[s.fullname] = (s, canonical, crc64_avro(canonical.encode("utf-8")), s.canonical_form)
    return schemas


def plain(value):
    """Python values -> the JSON shape core's Event data has (timestamps as epoch milliseconds)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime):
        return (value - EPOCH) // datetime.timedelta(milliseconds=1)
    return value


def decode(schemas):
    by_fp = {fp: s for (s, _, fp, _) in schemas.values()}
    for line in sys.stdin:
        payload = bytes.fromhex(line.strip())
        assert payload[:2] == b"\xc3\x01", "not a single-object payload"
        fp = int.from_bytes(payload[2:10], "little")
        schema = by_fp[fp]
        body = io.BytesIO(payload[10:])
        record = avro.io.DatumReader(schema, schema).read(avro.io.BinaryDecoder(body))
        assert body.tell() == len(payload) - 10, "bytes left over"
        print(json.dumps({"type": schema.fullname, "record": plain(record)}, ensure_ascii=False))


def ts(ms):
    return EPOCH + datetime.timedelta(milliseconds=ms)


def sample_records():
    task = str(uuid.UUID("6f1c7a52-5a4e-4b8e-9a53-2f0d3f1f9a10"))
    user = str(uuid.UUID("0b6a2c1e-7d2f-4c41-8f0e-5b7f6e2d1c3a"))
    rem = str(uuid.UUID("a3d5e7f9-1b2c-4d3e-8f4a-5b6c7d8e9f01"))
    head = lambda n: {"event_id": str(uuid.UUID(int=n)), "occurred_at": ts(1795000000000 + n)}
    snapshot = {"id": task, "user_id": user, "title": "Python wrote this \u00fc", "description": None,
                "created_at": ts(1795000000000), "due_date": ts(1795086400000), "priority": "Medium",
                "tags": ["py", "interop"], "is_recurring_template": False, "recurrence_pattern": None}
    return {
        "com.todo.events.TaskCreated": dict(head(1), **snapshot, recurrence_anchor="completion"),
        "com.todo.events.TaskUpdated": dict(head(2), id=task, user_id=user, changed_fields=["title", "tags"],
                                            title="New title", description=None, due_date=None, priority=None,
                                            tags=["a"], is_recurring_template=None, recurrence_pattern=None,
                                            recurrence_anchor=None),
        "com.todo.events.TaskCompleted": dict(head(3), id=task, user_id=user, completed_at=ts(1795000009000),
                                              is_recurring_template=True, recurrence_pattern="FREQ=DAILY",
                                              due_date=None),
        "com.todo.events.TaskDeleted": dict(head(4), id=task, user_id=user),
        "com.todo.events.ReminderScheduled": dict(head(5), reminder_id=rem, task_id=task, user_id=user,
                                                  remind_at=ts(1795000600000), title="Remind me"),
        "com.todo.events.ReminderTriggered": dict(head(6), reminder_id=rem, task_id=task, user_id=user,
                                                  remind_at=ts(1795000600000), triggered_at=ts(1795000600500),
                                                  late=False),
        "com.todo.events.ReminderDismissed": dict(head(7), reminder_id=rem, task_id=task, user_id=user,
                                                  remind_at=ts(1795000600000), dismissed_at=ts(1795000700000),
                                                  reason="task_completed"),
        "com.todo.events.TaskChanged": dict(head(8), user_id=user, task_id=task, change_type="Updated",
                                            task=dict(snapshot, completed_at=None),
                                            # None here trips python3-avro 1.11.1's union validation
                                            # (uuid.UUID(None) raises TypeError), so give a value.
                                            source_event_id=str(uuid.UUID(int=2)),
                                            changed_fields=["title", "tags"]),
        "com.todo.events.NotificationCreated": dict(head(9), notification_id=str(uuid.UUID(int=9)),
                                                    user_id=user, kind="reminder", task_id=task,
                                                    reminder_id=rem, title="Remind me",
                                                    body='{"late": false}'),
    }


def encode(schemas):
    for name, record in sample_records().items():
        schema, _, fp, _ = schemas[name]
        out = io.BytesIO()
        avro.io.DatumWriter(schema).write(record, avro.io.BinaryEncoder(out))
        payload = b"\xc3\x01" + fp.to_bytes(8, "little") + out.getvalue()
        print(json.dumps({"type": name, "hex": payload.hex(), "record": plain(record)}, ensure_ascii=False))


def main():
    mode, directory = sys.argv[1], sys.argv[2]
    schemas = load(directory)
    if mode == "fingerprints":
        print(json.dumps({n: {"canonical": c, "python_canonical": pc, "fingerprint": "%016x" % fp}
                          for n, (_, c, fp, pc) in schemas.items()}, ensure_ascii=False))
    elif mode == "decode":
        decode(schemas)
    elif mode == "encode":
        encode(schemas)
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    main()
