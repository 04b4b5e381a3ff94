#!/usr/bin/python3
"""A minimal client of taskstreamd's live feed (docs/feed.md), used by scripts/demo.sh.

Connects to ws://HOST:PORT/ws/v1/tasks with a bearer token and prints one line per message until
the feed closes the connection. Needs Debian's python3-websocket (websocket-client).

    scripts/feed-client.py http://127.0.0.1:8080 TOKEN
"""
import json
import sys

import websocket


def describe(message):
    kind = message.get("type")
    data = (message.get("event") or {}).get("data") or {}
    if kind == "welcome":
        return "welcome: the feed of user %s" % message.get("user_id")
    if kind == "task_changed":
        task = data.get("task") or {}
        fields = ",".join(data.get("changed_fields") or [])
        return "task_changed %-9s task %s %r due %s [%s]" % (
            data.get("change_type"), data.get("task_id"), task.get("title"), task.get("due_date"), fields)
    if kind == "notification":
        n = message.get("notification") or {}
        body = n.get("body") or {}
        if message.get("kind") == "reminder":
            return "notification reminder %s: %r of task %s, due at %s, fired at %s, late=%s" % (
                n.get("id"), n.get("title"), n.get("task_id"), body.get("remind_at"), body.get("fired_at"),
                str(body.get("late")).lower())
        return "notification %s %s: %r %s by %s" % (
            message.get("kind"), n.get("id"), n.get("title"), body.get("change"), body.get("changed_by"))
    return json.dumps(message)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: feed-client.py HTTP_URL TOKEN")
    url = sys.argv[1].replace("http://", "ws://", 1).rstrip("/") + "/ws/v1/tasks"
    ws = websocket.create_connection(url, header=["Authorization: Bearer " + sys.argv[2]])
    while True:
        opcode, data = ws.recv_data()
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            code = int.from_bytes(data[:2], "big") if len(data) >= 2 else None
            print("closed by the feed: %s %s" % (code, data[2:].decode("utf-8", "replace")), flush=True)
            return
        if opcode == websocket.ABNF.OPCODE_TEXT:
            print(describe(json.loads(data.decode("utf-8"))), flush=True)


if __name__ == "__main__":
    main()
