#!/usr/bin/env python3
"""The deployment checks catch what they claim to: each case breaks one property of a valid
rendering (or of the compose file) and expects the check to name it.

    tests/deploy/checks_selftest.py RENDERER

RENDERER is deploy/tools/render-chart built with `go build`. Prints one line per case and a
closing "N passed, N failed" line; exits 1 if a case was not caught.
"""
import copy
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
sys.dont_write_bytecode = True  # run from the source tree: leave no __pycache__ in it
sys.path.insert(0, str(ROOT / "deploy" / "tools"))
validate_manifests = __import__("validate-manifests")
check_compose = __import__("check-compose")

CATALOG = json.loads((ROOT / "schemas" / "topics.json").read_text())


def find(docs, kind, name=None):
    for d in docs:
        if d["kind"] == kind and (name is None or d["metadata"]["name"] == name):
            return d
    raise KeyError(f"{kind}/{name}")


def daemon(docs, name):
    return find(docs, "Deployment", name)["spec"]["template"]["spec"]["containers"][0]


def env_of(docs, name, var):
    return next(e for e in daemon(docs, name)["env"] if e["name"] == var)


def literal_database_url(docs, name):
    var = env_of(docs, name, "TASKSTREAM_DATABASE")
    var.pop("valueFrom")
    var["value"] = "postgresql://taskstream:secret@postgres/taskstream"


def set_config_line(docs, text):
    cm = find(docs, "ConfigMap")
    cm["data"]["taskstream.conf"] += text


MANIFEST_CASES = [
    ("selector not matching the pods", "spec.selector does not match",
     lambda d: find(d, "Deployment", "taskstream-api")["spec"]["selector"]["matchLabels"].update(
         {"app.kubernetes.io/component": "web"})),
    ("writable root filesystem", "readOnlyRootFilesystem must be true",
     lambda d: daemon(d, "taskstream-tasks")["securityContext"].update({"readOnlyRootFilesystem": False})),
    ("pod running as root allowed", "runAsNonRoot: true",
     lambda d: find(d, "Deployment", "taskstream-relay")["spec"]["template"]["spec"]["securityContext"].pop("runAsNonRoot")),
    ("no readiness probe", "needs a readinessProbe",
     lambda d: daemon(d, "taskstream-audit").pop("readinessProbe")),
    ("liveness on the readiness endpoint", "livenessProbe must ask /healthz",
     lambda d: daemon(d, "taskstream-audit")["livenessProbe"]["httpGet"].update({"path": "/readyz"})),
    ("grace period shorter than the daemon's", "terminationGracePeriodSeconds 20 must exceed",
     lambda d: find(d, "Deployment", "taskstream-api")["spec"]["template"]["spec"].update({"terminationGracePeriodSeconds": 20})),
    ("no memory limit", "needs requests (cpu, memory) and a memory limit",
     lambda d: daemon(d, "taskstream-api")["resources"]["limits"].pop("memory")),
    ("mount of a missing volume", "names no volume of the pod",
     lambda d: daemon(d, "taskstream-api")["volumeMounts"].append({"name": "cache", "mountPath": "/cache"})),
    ("data directory read-only", "must be a writable volume",
     lambda d: next(m for m in daemon(d, "taskstream-api")["volumeMounts"] if m["name"] == "data").update({"readOnly": True})),
    ("unknown field in a pod spec", "unknown field 'hostname2'",
     lambda d: find(d, "Deployment", "taskstream-api")["spec"]["template"]["spec"].update({"hostname2": "x"})),
    ("string where the API wants an integer", "containerPort: '8080' is not of type 'integer'",
     lambda d: daemon(d, "taskstream-api")["ports"][0].update({"containerPort": "8080"})),
    ("invalid label value", "is not a valid label value",
     lambda d: find(d, "Service", "taskstream-api")["metadata"]["labels"].update({"team": "tasks and more"})),
    ("Service selecting no pods", "Service/taskstream-api: its selector must match",
     lambda d: find(d, "Service", "taskstream-api")["spec"]["selector"].update({"app.kubernetes.io/component": "nope"})),
    ("Service to a port the pod lacks", "targetPort 'web' is no container port",
     lambda d: find(d, "Service", "taskstream-api")["spec"]["ports"][0].update({"targetPort": "web"})),
    ("PDB selecting no pods", "PodDisruptionBudget/taskstream-relay: its selector must match",
     lambda d: find(d, "PodDisruptionBudget", "taskstream-relay")["spec"]["selector"]["matchLabels"].update(
         {"app.kubernetes.io/component": "gone"})),
    ("role in two Deployments", "role relay runs in both",
     lambda d: env_of(d, "taskstream-api", "TASKSTREAM_ROLES").update({"value": "api,feed,relay"})),
    ("unknown role", "unknown role 'reminders'",
     lambda d: env_of(d, "taskstream-audit", "TASKSTREAM_ROLES").update({"value": "audit,reminders"})),
    ("database URL as a literal", "must come from a Secret",
     lambda d: literal_database_url(d, "taskstream-api")),
    ("config file key that is no option", "'http-prot' is not a taskstreamd option",
     lambda d: set_config_line(d, "http-prot = 8080\n")),
    ("config file key set twice", "'log-format' is set twice",
     lambda d: set_config_line(d, "log-format = text\n")),
    ("trigger on a group the catalog lacks", "consumer group 'audit-cg' is not in the catalog",
     lambda d: find(d, "ScaledObject", "taskstream-audit")["spec"]["triggers"][0]["metadata"].update({"consumerGroup": "audit-cg"})),
    ("trigger missing for a role's group", "missing [('task-broadcaster-cg', 'todo.tasks.events')]",
     lambda d: find(d, "ScaledObject", "taskstream-tasks")["spec"]["triggers"].pop()),
    ("more replicas than partitions", "maxReplicaCount 8 exceeds the 6 partitions",
     lambda d: find(d, "ScaledObject", "taskstream-reminders")["spec"].update({"maxReplicaCount": 8})),
    ("reminder trigger scaled to zero", "reminder-trigger fires reminders on time",
     lambda d: find(d, "ScaledObject", "taskstream-reminders")["spec"].update({"minReplicaCount": 0})),
    ("replicas fixed under KEDA", "sets spec.replicas, which fights the autoscaler",
     lambda d: find(d, "Deployment", "taskstream-tasks")["spec"].update({"replicas": 2})),
    ("lag threshold as a number", "lagThreshold: 100 is not of type 'string'",
     lambda d: find(d, "ScaledObject", "taskstream-reminders")["spec"]["triggers"][0]["metadata"].update({"lagThreshold": 100})),
    ("KEDA scaling a missing Deployment", "scaleTargetRef names no rendered Deployment",
     lambda d: find(d, "ScaledObject", "taskstream-audit")["spec"]["scaleTargetRef"].update({"name": "taskstream-auditor"})),
    ("bad HPA behavior under KEDA", "unknown field 'stabilisationWindowSeconds'",
     lambda d: find(d, "ScaledObject", "taskstream-tasks")["spec"]["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]
     ["scaleDown"].update({"stabilisationWindowSeconds": 60})),
    ("authenticationRef to nothing", "authenticationRef taskstream-kafka is not rendered",
     lambda d: d.remove(find(d, "TriggerAuthentication"))),
    ("ServiceMonitor on another path", "the daemon serves /metrics, not /stats",
     lambda d: find(d, "ServiceMonitor")["spec"]["endpoints"][0].update({"path": "/stats"})),
    ("ServiceMonitor with a bad interval", "'30 seconds' does not match",
     lambda d: find(d, "ServiceMonitor")["spec"]["endpoints"][0].update({"interval": "30 seconds"})),
    ("StatefulSet without its instance id", "take TASKSTREAM_INSTANCE_ID from metadata.name",
     lambda d: find(d, "StatefulSet", "taskstream-reminders")["spec"]["template"]["spec"]["containers"][0]["env"].remove(
         next(e for e in find(d, "StatefulSet", "taskstream-reminders")["spec"]["template"]["spec"]["containers"][0]["env"]
              if e["name"] == "TASKSTREAM_INSTANCE_ID"))),
    ("instance id from a Deployment's pod name", "TASKSTREAM_INSTANCE_ID in a Deployment",
     lambda d: daemon(d, "taskstream-tasks")["env"].append(
         {"name": "TASKSTREAM_INSTANCE_ID", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}})),
    ("KEDA scaling a StatefulSet as a Deployment", "scaleTargetRef names no rendered Deployment",
     lambda d: find(d, "ScaledObject", "taskstream-reminders")["spec"]["scaleTargetRef"].update({"kind": "Deployment"})),
    ("PDB eviction policy misspelt", "'Always' is not one of ['AlwaysAllow', 'IfHealthyBudget']",
     lambda d: find(d, "PodDisruptionBudget")["spec"].update({"unhealthyPodEvictionPolicy": "Always"})),
    ("alert rule with an unknown field", "rules[0]: unknown field 'severity'",
     lambda d: find(d, "PrometheusRule")["spec"]["groups"][1]["rules"][0].update({"severity": "page"})),
    # Fields of Kubernetes >= 1.29 validate against the 1.30 schemas, and a misspelling in them fails.
    ("native preStop sleep misspelt", "preStop.sleep: unknown field 'secs'",
     lambda d: daemon(d, "taskstream-api")["lifecycle"]["preStop"].update({"sleep": {"secs": 5}})),
    ("native preStop sleep as text", "preStop.sleep.seconds: 'five' is not of type 'integer'",
     lambda d: daemon(d, "taskstream-api")["lifecycle"]["preStop"].update({"sleep": {"seconds": "five"}})),
    ("field no Kubernetes release has", "unknown field 'unhealthyPodEvictionPolcy'",
     lambda d: find(d, "PodDisruptionBudget")["spec"].update({"unhealthyPodEvictionPolcy": "AlwaysAllow"})),
    # The Strimzi KafkaUser: every rendered role's groups and topics need an ACL.
    ("KafkaUser without a consumer group's ACL", "no ACL allows Read on group audit-log-cg",
     lambda d: find(d, "KafkaUser")["spec"]["authorization"]["acls"].remove(
         next(a for a in find(d, "KafkaUser")["spec"]["authorization"]["acls"] if a["resource"]["name"] == "audit-log-cg"))),
    ("KafkaUser ACL operation misspelt", "'Reed' is not one of",
     lambda d: find(d, "KafkaUser")["spec"]["authorization"]["acls"][0].update({"operations": ["Reed"]})),
    ("KafkaUser for another user than the pods'", "logs in as 'taskstream'",
     lambda d: find(d, "KafkaUser")["metadata"].update({"name": "tasks"})),
    # Ingress and HTTPRoute: the right pods, WebSocket-friendly timeouts.
    ("feed path to pods without the feed", "path /ws goes to pods without the feed role",
     lambda d: next(p for p in find(d, "Ingress")["spec"]["rules"][0]["http"]["paths"] if p["path"] == "/ws")
     ["backend"]["service"].update({"name": "taskstream-relay"})),
    ("nginx idle timeout shorter than the feed's pings", "proxy-read-timeout under 45 s",
     lambda d: find(d, "Ingress")["metadata"]["annotations"].update({"nginx.ingress.kubernetes.io/proxy-read-timeout": "30"})),
    ("request timeout on the feed's route", "the feed's rule has request timeout 30s",
     lambda d: find(d, "HTTPRoute")["spec"]["rules"][1].update({"timeouts": {"request": "30s"}})),
    ("HTTPRoute field misspelt", "unknown field 'timeout'",
     lambda d: find(d, "HTTPRoute")["spec"]["rules"][0].update({"timeout": {"request": "10s"}})),
    ("HTTPRoute to a port the Service lacks", "has no port 8081",
     lambda d: find(d, "HTTPRoute")["spec"]["rules"][0]["backendRefs"][0].update({"port": 8081})),
    # The migration Job.
    ("migration Job that is no pre-upgrade hook", "must be a pre-upgrade hook",
     lambda d: find(d, "Job")["metadata"]["annotations"].pop("helm.sh/hook")),
    ("migration Job with another image", "is not the image the pods run",
     lambda d: find(d, "Job")["spec"]["template"]["spec"]["containers"][0].update({"image": "taskstream/taskstreamd:old"})),
    ("migration Job through the entrypoint", "must run /usr/local/bin/taskstreamd migrate",
     lambda d: [c.pop("command"), c.update({"args": ["migrate"]})] if (c := find(d, "Job")["spec"]["template"]["spec"]
                                                                          ["containers"][0]) else None),
    ("kind nobody checks", "is not a kind these checks know",
     lambda d: d.append({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"}})),
]


def manifest_cases(renderer):
    values = ROOT / "deploy" / "helm" / "taskstream" / "ci" / "all-features-values.yaml"
    r = subprocess.run([renderer, "-f", str(values), str(ROOT / "deploy" / "helm" / "taskstream")],
                       capture_output=True, text=True, check=True)
    base = [d for d in yaml.safe_load_all(r.stdout) if d]
    errors, _ = validate_manifests.validate(copy.deepcopy(base), CATALOG)
    results = [("unchanged rendering is valid", not errors, "; ".join(errors))]
    # It uses fields of Kubernetes >= 1.29 that the 1.22 models refused.
    api = daemon(base, "taskstream-api")
    newer = api.get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds") == 5 and all(
        p["spec"].get("unhealthyPodEvictionPolicy") == "AlwaysAllow" for p in base if p["kind"] == "PodDisruptionBudget")
    results.append(("native preStop sleep and unhealthyPodEvictionPolicy rendered and valid", newer and not errors,
                    str(api.get("lifecycle"))))
    single = subprocess.run([renderer, "-f", str(values.parent / "single-pod-values.yaml"),
                             str(ROOT / "deploy" / "helm" / "taskstream")], capture_output=True, text=True, check=True)
    docs = [d for d in yaml.safe_load_all(single.stdout) if d]
    find(docs, "Deployment")["spec"]["strategy"] = {"type": "RollingUpdate"}
    errors, _ = validate_manifests.validate(docs, CATALOG)
    results.append(("rolling update of a pod with a SQLite claim", any("needs strategy Recreate" in e for e in errors),
                    str(errors)))
    for title, expected, mutate in MANIFEST_CASES:
        docs = copy.deepcopy(base)
        mutate(docs)
        errors, _ = validate_manifests.validate(docs, CATALOG)
        ok = any(expected in e for e in errors)
        results.append((title, ok, f"expected {expected!r}, got {errors}"))
    return results


def strimzi_cases():
    text = (ROOT / "deploy" / "strimzi" / "kafka-topics.yaml").read_text()
    base = [d for d in yaml.safe_load_all(text) if d]
    results = []
    errors, _ = validate_manifests.validate(copy.deepcopy(base), CATALOG)
    results.append(("Strimzi topics are valid", not errors, "; ".join(errors)))
    docs = copy.deepcopy(base)
    docs[0]["spec"]["replicas"] = 1
    errors, _ = validate_manifests.validate(docs, CATALOG)
    results.append(("topic with fewer replicas than min.insync.replicas",
                    any("min.insync.replicas 2 exceeds its 1 replicas" in e for e in errors), str(errors)))
    docs = copy.deepcopy(base)
    del docs[1]["metadata"]["labels"]["strimzi.io/cluster"]
    errors, _ = validate_manifests.validate(docs, CATALOG)
    results.append(("topic without its Strimzi cluster label", any("strimzi.io/cluster" in e for e in errors), str(errors)))
    return results


COMPOSE_CASES = [
    ("broker started before it is healthy", "has no healthcheck", lambda c: c["services"]["kafka"].pop("healthcheck")),
    ("daemon starting before the topics", "does not depend on kafka",
     lambda c: c["services"]["taskstreamd"].pop("depends_on")),
    ("environment value that is no string", "quote the value 8080",
     lambda c: c["services"]["taskstreamd"]["environment"].update({"TASKSTREAM_HTTP_PORT": 8080})),
    ("variable that is no daemon option", "TASKSTREAM_LOGFORMAT is not a taskstreamd option",
     lambda c: c["services"]["taskstreamd"]["environment"].update({"TASKSTREAM_LOGFORMAT": "text"})),
    ("stop grace shorter than the daemon's", "stop_grace_period must exceed",
     lambda c: c["services"]["taskstreamd"].update({"stop_grace_period": "20s"})),
    ("port published on every interface", "loopback only",
     lambda c: c["services"]["taskstreamd"].update({"ports": ["8080:8080"]})),
    ("undeclared named volume", "named volume 'taskstream-data' is not declared",
     lambda c: c["volumes"].pop("taskstream-data")),
    ("missing Dockerfile", "does not exist",
     lambda c: c["services"]["taskstreamd"]["build"].update({"dockerfile": "deploy/Containerfile"})),
    ("broker data outside its volume", "KAFKA_LOG_DIRS must be a mounted volume",
     lambda c: c["services"]["kafka"]["environment"].pop("KAFKA_LOG_DIRS")),
    ("writable root filesystem", "read_only: true",
     lambda c: c["services"]["taskstreamd"].pop("read_only")),
]


def compose_cases():
    compose_dir = ROOT / "deploy" / "compose"
    base = yaml.safe_load((compose_dir / "compose.yaml").read_text())
    results = []
    errors = check_compose.check([str(compose_dir / "compose.yaml"), str(compose_dir / "compose.postgres.yaml")])
    results.append(("compose files pass", not errors, str(errors)))
    for title, expected, mutate in COMPOSE_CASES:
        doc = copy.deepcopy(base)
        mutate(doc)
        # Written next to the original, so relative paths resolve the same way.
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", dir=compose_dir, delete=False) as f:
            yaml.safe_dump(doc, f)
        try:
            errors = check_compose.check([f.name])
        finally:
            os.unlink(f.name)
        results.append((f"compose: {title}", any(expected in e for e in errors), f"expected {expected!r}, got {errors}"))
    return results


def topic_creation_case():
    """create-topics.sh asks for every catalog topic, with its partitions and retention."""
    with tempfile.TemporaryDirectory() as tmp:
        log = pathlib.Path(tmp) / "calls"
        fake = pathlib.Path(tmp) / "kafka-topics.sh"
        fake.write_text(f"#!/bin/sh\necho \"$*\" >> {log}\n")
        fake.chmod(0o755)
        r = subprocess.run(["sh", str(ROOT / "deploy" / "compose" / "create-topics.sh"), "kafka:9092",
                            str(ROOT / "deploy" / "compose" / "topics.txt")],
                           env={**os.environ, "KAFKA_TOPICS_COMMAND": str(fake)}, capture_output=True, text=True)
        calls = log.read_text().splitlines() if log.exists() else []
    expected = [f"--bootstrap-server kafka:9092 --create --if-not-exists --topic {t['name']} --partitions {t['partitions']} "
                f"--replication-factor 1 --config retention.ms={t['retention_ms']}" for t in CATALOG["topics"]]
    return [("compose topic creation covers the catalog", r.returncode == 0 and calls == expected,
             f"rc={r.returncode} {r.stderr} calls={calls}")]


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    results = manifest_cases(sys.argv[1]) + strimzi_cases() + compose_cases() + topic_creation_case()
    failed = 0
    for title, ok, detail in results:
        print(f"{'PASS' if ok else 'FAIL'}: {title}")
        if not ok:
            failed += 1
            print(f"      {detail}")
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
