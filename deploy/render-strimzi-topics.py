#!/usr/bin/env python3
"""Renders the topics of the catalog (schemas/topics.json) for the deployments.

    deploy/render-strimzi-topics.py [--cluster NAME] [--check]

Writes deploy/strimzi/kafka-topics.yaml (Strimzi KafkaTopic resources) and deploy/compose/topics.txt
(one "name partitions retention.ms" line a topic, read by the compose file's topic creation);
--check only compares and exits 1 when a file is stale, so the test suite keeps the rendered files
and the catalog in step.
"""
import argparse
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def render(catalog, cluster):
    docs = []
    for t in catalog["topics"]:
        # Kubernetes names allow [a-z0-9.-]; Strimzi keeps the real topic name in spec.topicName.
        name = t["name"].replace("_", "-").lower()
        lines = [
            "apiVersion: kafka.strimzi.io/v1",
            "kind: KafkaTopic",
            "metadata:",
            f"  name: {name}",
            "  labels:",
            f"    strimzi.io/cluster: {cluster}",
            "    app.kubernetes.io/part-of: taskstream",
            f"    taskstream.io/kind: {t.get('kind', 'events')}",
            "  annotations:",
            f"    taskstream.io/key: {json.dumps(t.get('key', ''))}",
            f"    taskstream.io/purpose: {json.dumps(t.get('purpose', ''))}",
            "spec:",
            f"  topicName: {t['name']}",
            f"  partitions: {t['partitions']}",
            f"  replicas: {t['replication_factor']}",
            "  config:",
            f"    retention.ms: {t['retention_ms']}",
            "    min.insync.replicas: 2",
            "    cleanup.policy: delete",
        ]
        docs.append("\n".join(lines) + "\n")
    header = ("# Rendered from schemas/topics.json by deploy/render-strimzi-topics.py; do not edit by hand.\n")
    return header + "---\n".join(docs)


def render_compose_list(catalog):
    lines = ["# Rendered from schemas/topics.json by deploy/render-strimzi-topics.py; do not edit by hand.",
             "# name partitions retention.ms (a single broker: replication factor 1)"]
    lines += [f"{t['name']} {t['partitions']} {t['retention_ms']}" for t in catalog["topics"]]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cluster", default="taskstream-kafka")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    catalog = json.loads((ROOT / "schemas" / "topics.json").read_text())
    outputs = [
        (ROOT / "deploy" / "strimzi" / "kafka-topics.yaml", render(catalog, args.cluster)),
        (ROOT / "deploy" / "compose" / "topics.txt", render_compose_list(catalog)),
    ]
    n = len(catalog["topics"])
    if args.check:
        stale = [out for out, text in outputs if not out.exists() or out.read_text() != text]
        for out in stale:
            print(f"{out.relative_to(ROOT)} is stale: run deploy/render-strimzi-topics.py", file=sys.stderr)
        if stale:
            return 1
        print(f"{', '.join(str(out.relative_to(ROOT)) for out, _ in outputs)} match the catalog ({n} topics)")
        return 0
    for out, text in outputs:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        print(f"wrote {out.relative_to(ROOT)} ({n} topics)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
