#!/usr/bin/env python3
"""Validates rendered Kubernetes manifests of Taskstream, offline.

    deploy/tools/validate-manifests.py [--require-kind KIND]... FILE...

Two layers, each reporting every problem it finds (exit 1 if any):
1. Schema: every object against its API type (k8s_schema.py: the vendored JSON Schemas of
   Kubernetes 1.30 for built-in kinds, the upstream CRDs of Strimzi, KEDA, the Prometheus
   Operator and the Gateway API for theirs; deploy/tools/schemas/README.md).
2. What the chart promises, across objects: selectors that match pods, probes on the daemon's
   endpoints, the restrictive securityContext, a grace period longer than the daemon's, each
   role in one Deployment, PostgreSQL as soon as several pods run, KEDA triggers that follow the
   catalog's consumer groups (schemas/topics.json) and scale no further than the partitions.
"""
import argparse
import json
import pathlib
import sys

import yaml

sys.dont_write_bytecode = True  # run from the source tree: leave no __pycache__ in it
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import daemon_options  # noqa: E402
import k8s_schema  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
KNOWN_ROLES = {"api", "relay", "recurring", "reminder-scheduler", "reminder-trigger", "broadcaster",
               "audit", "notifier", "feed"}
# The consumer groups each role joins; the catalog says which topics each group reads.
ROLE_CONSUMER_GROUPS = {
    "recurring": ["recurring-task-cg"],
    "reminder-scheduler": ["reminder-scheduler-cg"],
    "reminder-trigger": ["reminder-trigger-cg"],
    "broadcaster": ["task-broadcaster-cg"],
    "audit": ["audit-log-cg"],
    "notifier": ["notification-cg"],
}
# taskstreamd's option names, the keys its config file and TASKSTREAM_* variables may use: derived
# from `taskstreamd --help` (deploy/tools/daemon-options.txt, kept current by CI).
DAEMON_OPTIONS = daemon_options.names()
DAEMON_DEFAULT_GRACE = 25


def matches(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def parse_config_file(text, where, errors):
    config = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            errors.append(f"{where}: line {n} is not 'key = value': {line!r}")
            continue
        if key not in DAEMON_OPTIONS:
            errors.append(f"{where}: line {n}: {key!r} is not a taskstreamd option")
        if key == "kafka-property":
            config.setdefault(key, []).append(value)
        elif key in config:
            errors.append(f"{where}: line {n}: {key!r} is set twice")
        else:
            config[key] = value
    return config


def check_deployment(d, objects, config_maps, errors):
    where = f"{d['kind']}/{d['metadata']['name']}"
    spec = d.get("spec", {})
    pod = spec.get("template", {}).get("spec", {})
    pod_labels = spec.get("template", {}).get("metadata", {}).get("labels", {})
    if not matches(spec.get("selector", {}).get("matchLabels"), pod_labels):
        errors.append(f"{where}: spec.selector does not match the pod template's labels")
    psc = pod.get("securityContext", {})
    if psc.get("runAsNonRoot") is not True:
        errors.append(f"{where}: the pod must set securityContext.runAsNonRoot: true")
    if psc.get("runAsUser") == 0:
        errors.append(f"{where}: the pod must not run as uid 0")
    if pod.get("automountServiceAccountToken") is not False:
        errors.append(f"{where}: the daemon needs no API token: automountServiceAccountToken: false")
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    if any("persistentVolumeClaim" in v for v in volumes.values()) and spec.get("strategy", {}).get("type") != "Recreate":
        errors.append(f"{where}: a pod with a claim (SQLite) needs strategy Recreate, or two pods open the database")
    containers = pod.get("containers", [])
    for c in containers + pod.get("initContainers", []):
        cw = f"{where} container {c.get('name')}"
        sc = c.get("securityContext", {})
        if sc.get("readOnlyRootFilesystem") is not True:
            errors.append(f"{cw}: readOnlyRootFilesystem must be true")
        if sc.get("allowPrivilegeEscalation") is not False:
            errors.append(f"{cw}: allowPrivilegeEscalation must be false")
        if "ALL" not in (sc.get("capabilities", {}).get("drop") or []):
            errors.append(f"{cw}: capabilities must drop ALL")
        if sc.get("privileged"):
            errors.append(f"{cw}: must not be privileged")
        res = c.get("resources", {})
        if "memory" not in res.get("limits", {}) or "cpu" not in res.get("requests", {}) or "memory" not in res.get("requests", {}):
            errors.append(f"{cw}: needs requests (cpu, memory) and a memory limit")
        for m in c.get("volumeMounts", []):
            if m.get("name") not in volumes:
                errors.append(f"{cw}: volumeMount {m.get('name')!r} names no volume of the pod")
    daemon = next((c for c in containers if c.get("name") == "taskstreamd"), None)
    if daemon is None:
        errors.append(f"{where}: no container named taskstreamd")
        return None
    cw = f"{where} container taskstreamd"
    port_names = {p.get("name") for p in daemon.get("ports", [])}
    for probe, path in (("startupProbe", "/healthz"), ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        get = daemon.get(probe, {}).get("httpGet")
        if not get:
            errors.append(f"{cw}: needs a {probe} (httpGet {path})")
            continue
        if get.get("path") != path:
            errors.append(f"{cw}: {probe} must ask {path}, not {get.get('path')}")
        if isinstance(get.get("port"), str) and get["port"] not in port_names:
            errors.append(f"{cw}: {probe} port {get['port']!r} is not a container port")
    env = {e["name"]: e for e in daemon.get("env", [])}
    # Static group membership needs an identity that is unique and survives a restart: a
    # StatefulSet's pod name is; a Deployment's changes with every pod.
    instance = env.get("TASKSTREAM_INSTANCE_ID", {})
    from_pod_name = instance.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "metadata.name"
    if d["kind"] == "StatefulSet" and not from_pod_name:
        errors.append(f"{cw}: a StatefulSet's pods take TASKSTREAM_INSTANCE_ID from metadata.name (static membership)")
    if d["kind"] == "Deployment" and instance:
        errors.append(f"{cw}: TASKSTREAM_INSTANCE_ID in a Deployment: its pod names change with every pod, so each "
                      f"replaced pod would hold its partitions until its session expires; use stableIdentity")
    if d["kind"] == "StatefulSet" and "replicas" in spec and spec.get("podManagementPolicy") != "Parallel":
        errors.append(f"{where}: podManagementPolicy Parallel, so a pod that is not ready does not hold up the others")
    roles = [r for r in env.get("TASKSTREAM_ROLES", {}).get("value", "").split(",") if r]
    if not roles:
        errors.append(f"{cw}: TASKSTREAM_ROLES must name the group's roles")
    for r in roles:
        if r not in KNOWN_ROLES:
            errors.append(f"{cw}: unknown role {r!r}")
    mounts = {m["mountPath"]: m for m in daemon.get("volumeMounts", [])}
    # The config file: from the ConfigMap mounted where TASKSTREAM_CONFIG points.
    config = {}
    config_path = env.get("TASKSTREAM_CONFIG", {}).get("value")
    if not config_path:
        errors.append(f"{cw}: TASKSTREAM_CONFIG must point at the config file")
    else:
        directory, _, filename = config_path.rpartition("/")
        m = mounts.get(directory)
        cm_name = volumes.get(m["name"], {}).get("configMap", {}).get("name") if m else None
        if cm_name not in config_maps or filename not in config_maps[cm_name].get("data", {}):
            errors.append(f"{cw}: TASKSTREAM_CONFIG {config_path} is not a key of a rendered ConfigMap")
        else:
            config = parse_config_file(config_maps[cm_name]["data"][filename], f"ConfigMap/{cm_name} {filename}", errors)
    if not config.get("brokers"):
        errors.append(f"{cw}: no brokers in the config file: the daemon would start an embedded broker")
    data_dir = config.get("data-dir")
    if data_dir:
        m = mounts.get(data_dir)
        if not m or m.get("readOnly"):
            errors.append(f"{cw}: data-dir {data_dir} must be a writable volume (the root filesystem is read-only)")
    if "/tmp" not in mounts:
        errors.append(f"{cw}: /tmp must be a writable volume (the root filesystem is read-only)")
    for key in ("jwt-secret-file", "database-password-file", "kafka-property-file", "schema-registry-password-file",
                "schema-registry-ca-file", "notify-webhook-url-file", "notify-webhook-secret-file",
                "smtp-password-file"):
        path = config.get(key)
        if path and not any(path.startswith(mp.rstrip("/") + "/") for mp in mounts):
            errors.append(f"{cw}: {key} {path} lies on no mounted volume")
    grace = int(config.get("shutdown-grace-seconds", DAEMON_DEFAULT_GRACE))
    pre_stop = 0
    pre_stop_action = daemon.get("lifecycle", {}).get("preStop", {})
    cmd = pre_stop_action.get("exec", {}).get("command", [])
    if len(cmd) == 2 and cmd[0] == "sleep":
        pre_stop = int(cmd[1])
    if isinstance(pre_stop_action.get("sleep", {}).get("seconds"), int):
        pre_stop = pre_stop_action["sleep"]["seconds"]
    termination = pod.get("terminationGracePeriodSeconds", 30)
    if termination <= grace + pre_stop:
        errors.append(f"{where}: terminationGracePeriodSeconds {termination} must exceed the daemon's "
                      f"shutdown grace {grace} s plus the preStop sleep {pre_stop} s")
    return {"name": d["metadata"]["name"], "kind": d["kind"], "labels": pod_labels, "roles": roles, "env": env,
            "image": daemon.get("image"),
            "replicas": spec.get("replicas"), "ports": port_names, "config": config}


def check_container_security(where, pod, errors):
    for c in pod.get("containers", []) + pod.get("initContainers", []):
        cw = f"{where} container {c.get('name')}"
        sc = c.get("securityContext", {})
        if sc.get("readOnlyRootFilesystem") is not True:
            errors.append(f"{cw}: readOnlyRootFilesystem must be true")
        if sc.get("allowPrivilegeEscalation") is not False:
            errors.append(f"{cw}: allowPrivilegeEscalation must be false")
        if "ALL" not in (sc.get("capabilities", {}).get("drop") or []):
            errors.append(f"{cw}: capabilities must drop ALL")
        res = c.get("resources", {})
        if "memory" not in res.get("limits", {}) or "cpu" not in res.get("requests", {}):
            errors.append(f"{cw}: needs requests (cpu, memory) and a memory limit")


def check_migration_job(job, deployments, errors):
    """The pre-upgrade Job: `taskstreamd migrate` with the pods' image and database, before the rollout."""
    where = f"Job/{job['metadata']['name']}"
    hook = job["metadata"].get("annotations", {}).get("helm.sh/hook", "")
    if "pre-upgrade" not in hook.split(","):
        errors.append(f"{where}: must be a pre-upgrade hook (helm.sh/hook), so it runs before any pod is replaced")
    pod = job["spec"]["template"]["spec"]
    if pod.get("restartPolicy") != "Never":
        errors.append(f"{where}: restartPolicy Never: the Job's backoffLimit counts the attempts")
    if pod.get("securityContext", {}).get("runAsNonRoot") is not True:
        errors.append(f"{where}: the pod must set securityContext.runAsNonRoot: true")
    check_container_security(where, pod, errors)
    c = pod["containers"][0]
    if (c.get("command") or [])[:2] != ["/usr/local/bin/taskstreamd", "migrate"]:
        errors.append(f"{where}: must run /usr/local/bin/taskstreamd migrate (the image's entrypoint adds options "
                      "before any argument)")
    env = {e["name"]: e for e in c.get("env", [])}
    if not env.get("TASKSTREAM_DATABASE", {}).get("valueFrom", {}).get("secretKeyRef"):
        errors.append(f"{where}: TASKSTREAM_DATABASE must come from the database Secret")
    images = {d["image"] for d in deployments.values()}
    if images and c.get("image") not in images:
        errors.append(f"{where}: image {c.get('image')} is not the image the pods run ({sorted(images)})")
    for d in deployments.values():
        db = d["env"].get("TASKSTREAM_DATABASE", {}).get("valueFrom", {}).get("secretKeyRef")
        if db and db != env.get("TASKSTREAM_DATABASE", {}).get("valueFrom", {}).get("secretKeyRef"):
            errors.append(f"{where}: migrates another database than Deployment/{d['name']}")


def check_kafka_user(user, deployments, catalog, errors):
    """The release's KafkaUser: the user the pods log in as, with the ACLs their roles need."""
    where = f"KafkaUser/{user['metadata']['name']}"
    spec = user["spec"]
    for d in deployments.values():
        props = dict(p.split("=", 1) for p in d["config"].get("kafka-property", []) if "=" in p)
        sasl_user = props.get("sasl.username")
        if sasl_user and sasl_user != user["metadata"]["name"]:
            errors.append(f"{where}: Deployment/{d['name']} logs in as {sasl_user!r}")
    acls = spec.get("authorization", {}).get("acls", [])

    def allowed(rtype, name, op):
        for a in acls:
            r = a.get("resource", {})
            if r.get("type") != rtype or op not in a.get("operations", []):
                continue
            if (r.get("patternType", "literal") == "literal" and r.get("name") == name) or \
                    (r.get("patternType") == "prefix" and name.startswith(r.get("name", ""))):
                return True
        return False
    groups = {g["name"]: g for g in catalog["consumer_groups"]}
    topics = [t["name"] for t in catalog["topics"]]
    roles = {r for d in deployments.values() for r in d["roles"]}
    needed = [("topic", t, "Describe") for t in topics] + [("topic", t, "DescribeConfigs") for t in topics]
    if "relay" in roles:
        needed += [("topic", t["name"], "Write") for t in catalog["topics"] if t.get("kind") != "dlq"]
        # Records the relay can never publish go to their topic's dead-letter queue.
        needed += [("topic", t["name"], "Write") for t in catalog["topics"] if t.get("dlq_of")]
    for r in sorted(roles):
        for g in ROLE_CONSUMER_GROUPS.get(r, []):
            needed += [("group", g, "Read")] + [("topic", t, "Read") for t in groups.get(g, {}).get("topics", [])]
            needed.append(("topic", f"todo.{g}.dlq", "Write"))
    if "feed" in roles:
        needed += [("topic", "todo.task_updates.broadcast", "Read"), ("topic", "todo.reminders.events", "Read")]
    for rtype, name, op in dict.fromkeys(needed):
        if not allowed(rtype, name, op):
            errors.append(f"{where}: no ACL allows {op} on {rtype} {name}, which roles {sorted(roles)} need")
    dlq_names = {t for t in topics if t.endswith(".dlq")}
    for rtype, name, op in needed:
        if rtype == "topic" and op == "Write" and name.endswith(".dlq") and name not in dlq_names:
            errors.append(f"{where}: dead-letter topic {name} is not in the catalog")


def check_http_routes(by_kind, deployments, services, errors):
    """Ingress and HTTPRoute: /api to the api role's pods, the feed's paths to the feed's, with timeouts a
    WebSocket survives."""
    def pods_of(service_name):
        s = next((s for s in services if s["metadata"]["name"] == service_name), None)
        if s is None:
            return None, set()
        hit = [d for d in deployments.values() if matches(s["spec"].get("selector"), d["labels"])]
        return s, {r for d in hit for r in d["roles"]}
    want = {"/api": "api", "/ws": "feed", "/feed": "feed"}
    for ing in by_kind.get("Ingress", []):
        where = f"Ingress/{ing['metadata']['name']}"
        for rule in ing["spec"].get("rules", []):
            for p in rule.get("http", {}).get("paths", []):
                svc = p["backend"].get("service", {})
                s, roles = pods_of(svc.get("name"))
                if s is None:
                    errors.append(f"{where}: path {p['path']} goes to Service {svc.get('name')!r}, which is not rendered")
                    continue
                port = svc.get("port", {})
                if "name" in port and port["name"] not in {sp.get("name") for sp in s["spec"]["ports"]}:
                    errors.append(f"{where}: Service/{s['metadata']['name']} has no port {port['name']!r}")
                if want.get(p["path"]) and want[p["path"]] not in roles:
                    errors.append(f"{where}: path {p['path']} goes to pods without the {want[p['path']]} role")
        ann = ing["metadata"].get("annotations", {})
        for key in ("nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout"):
            if ing["spec"].get("ingressClassName") == "nginx" and int(ann.get(key, "60")) < 45:
                errors.append(f"{where}: {key} under 45 s closes the feed's WebSocket between the daemon's 20 s pings")
    for route in by_kind.get("HTTPRoute", []):
        where = f"HTTPRoute/{route['metadata']['name']}"
        for rule in route["spec"].get("rules", []):
            for ref in rule.get("backendRefs", []):
                s, roles = pods_of(ref.get("name"))
                if s is None:
                    errors.append(f"{where}: backendRef {ref.get('name')!r} is not a rendered Service")
                    continue
                if ref.get("port") not in {sp.get("port") for sp in s["spec"]["ports"]}:
                    errors.append(f"{where}: Service/{s['metadata']['name']} has no port {ref.get('port')}")
                for m in rule.get("matches", []):
                    path = m.get("path", {}).get("value")
                    if want.get(path) and want[path] not in roles:
                        errors.append(f"{where}: path {path} goes to pods without the {want[path]} role")
            paths = {m.get("path", {}).get("value") for m in rule.get("matches", [])}
            timeout = rule.get("timeouts", {}).get("request")
            if paths & {"/ws", "/feed"} and timeout not in (None, "0s"):
                errors.append(f"{where}: the feed's rule has request timeout {timeout}: a WebSocket lasts for hours; "
                              "use 0s (none)")


def check_scaled_object(so, deployments, catalog, errors):
    where = f"ScaledObject/{so['metadata']['name']}"
    spec = so.get("spec", {})
    target = spec.get("scaleTargetRef", {})
    dep = deployments.get(target.get("name"))
    if dep is None or target.get("kind", "Deployment") != dep["kind"]:
        errors.append(f"{where}: scaleTargetRef names no rendered {target.get('kind', 'Deployment')} ({target.get('name')})")
        return
    if dep["replicas"] is not None:
        errors.append(f"{where}: Deployment/{dep['name']} sets spec.replicas, which fights the autoscaler on every upgrade")
    groups = {g["name"]: g for g in catalog["consumer_groups"]}
    partitions = {t["name"]: t["partitions"] for t in catalog["topics"]}
    expected = {(g, t) for r in dep["roles"] for g in ROLE_CONSUMER_GROUPS.get(r, []) for t in groups.get(g, {}).get("topics", [])}
    found = set()
    for i, trig in enumerate(spec.get("triggers", [])):
        if trig.get("type") != "kafka":
            continue
        md = trig.get("metadata", {})
        group, topic = md.get("consumerGroup"), md.get("topic")
        if group not in groups:
            errors.append(f"{where}: trigger {i}: consumer group {group!r} is not in the catalog")
        elif topic and topic not in groups[group]["topics"]:
            errors.append(f"{where}: trigger {i}: the catalog's {group} does not read {topic}")
        if md.get("bootstrapServers") != dep["config"].get("brokers"):
            errors.append(f"{where}: trigger {i}: bootstrapServers differ from the daemon's brokers")
        found.add((group, topic))
    if found != expected and (found or expected):
        missing = sorted(expected - found)
        extra = sorted(found - expected)
        errors.append(f"{where}: Kafka triggers must be the consumer groups of roles {dep['roles']}: "
                      f"missing {missing}, not theirs {extra}")
    kafka_only = all(t.get("type") == "kafka" for t in spec.get("triggers", []))
    if found and kafka_only:
        limit = max(partitions.get(t, 0) for _, t in found)
        if spec.get("maxReplicaCount", 100) > limit:
            errors.append(f"{where}: maxReplicaCount {spec.get('maxReplicaCount')} exceeds the {limit} partitions "
                          "its topics have: the extra consumers would sit idle")
    if "reminder-trigger" in dep["roles"] and spec.get("minReplicaCount", 0) < 1:
        errors.append(f"{where}: minReplicaCount must be at least 1: reminder-trigger fires reminders on time, "
                      "and a group scaled to zero fires none")
    if spec.get("minReplicaCount", 0) > spec.get("maxReplicaCount", 100):
        errors.append(f"{where}: minReplicaCount exceeds maxReplicaCount")


def validate(docs, catalog, required_kinds=()):
    errors = []
    objects = []
    for doc in docs:
        if doc is None:
            continue
        problems = k8s_schema.check_object(doc)
        errors += list(dict.fromkeys(problems))
        if isinstance(doc, dict) and not problems:
            objects.append(doc)
    seen = set()
    for o in objects:
        key = (o["kind"], o["metadata"]["name"])
        if key in seen:
            errors.append(f"{o['kind']}/{o['metadata']['name']}: rendered twice")
        seen.add(key)
    by_kind = {}
    for o in objects:
        by_kind.setdefault(o["kind"], []).append(o)
    for kind in required_kinds:
        if kind not in by_kind:
            errors.append(f"no {kind} was rendered")

    config_maps = {c["metadata"]["name"]: c for c in by_kind.get("ConfigMap", [])}
    deployments = {}
    for d in by_kind.get("Deployment", []) + by_kind.get("StatefulSet", []):
        info = check_deployment(d, objects, config_maps, errors)
        if info:
            deployments[info["name"]] = info
    role_owner = {}
    for dep in deployments.values():
        for r in dep["roles"]:
            if r in role_owner:
                errors.append(f"role {r} runs in both Deployment/{role_owner[r]} and Deployment/{dep['name']}")
            role_owner[r] = dep["name"]
    scaled = {so["spec"]["scaleTargetRef"]["name"] for so in by_kind.get("ScaledObject", [])}
    pods = sum(d["replicas"] or 0 for d in deployments.values())
    several = len(deployments) > 1 or pods > 1 or bool(scaled)
    for dep in deployments.values():
        db = dep["env"].get("TASKSTREAM_DATABASE", {})
        if several and not db.get("valueFrom", {}).get("secretKeyRef"):
            errors.append(f"Deployment/{dep['name']}: several pods run, so TASKSTREAM_DATABASE must come from a Secret (PostgreSQL)")
        if "value" in db:
            errors.append(f"Deployment/{dep['name']}: the database URL must come from a Secret, not a literal value")

    for kind in ("PodDisruptionBudget", "NetworkPolicy"):
        for o in by_kind.get(kind, []):
            sel = o["spec"]["selector"] if kind == "PodDisruptionBudget" else o["spec"]["podSelector"]
            hit = [d["name"] for d in deployments.values() if matches(sel.get("matchLabels"), d["labels"])]
            if len(hit) != 1:
                errors.append(f"{kind}/{o['metadata']['name']}: its selector must match the pods of one Deployment, matches {hit}")
    for o in by_kind.get("PodDisruptionBudget", []):
        if o["spec"].get("minAvailable") not in (None, 0) and "maxUnavailable" in o["spec"]:
            errors.append(f"PodDisruptionBudget/{o['metadata']['name']}: set minAvailable or maxUnavailable, not both")
    services = by_kind.get("Service", [])
    for s in services:
        hit = [d for d in deployments.values() if matches(s["spec"].get("selector"), d["labels"])]
        if len(hit) != 1:
            errors.append(f"Service/{s['metadata']['name']}: its selector must match the pods of one Deployment")
            continue
        for p in s["spec"].get("ports", []):
            if isinstance(p.get("targetPort"), str) and p["targetPort"] not in hit[0]["ports"]:
                errors.append(f"Service/{s['metadata']['name']}: targetPort {p['targetPort']!r} is no container port of {hit[0]['name']}")
    for sm in by_kind.get("ServiceMonitor", []):
        sel = sm["spec"]["selector"].get("matchLabels", {})
        hit = [s for s in services if matches(sel, s["metadata"].get("labels", {}))]
        if not hit:
            errors.append(f"ServiceMonitor/{sm['metadata']['name']}: selects no rendered Service")
        for ep in sm["spec"]["endpoints"]:
            if ep.get("path") != "/metrics":
                errors.append(f"ServiceMonitor/{sm['metadata']['name']}: the daemon serves /metrics, not {ep.get('path')}")
            for s in hit:
                if ep.get("port") not in {p.get("name") for p in s["spec"]["ports"]}:
                    errors.append(f"ServiceMonitor/{sm['metadata']['name']}: Service/{s['metadata']['name']} has no port {ep.get('port')!r}")
    trigger_auths = {t["metadata"]["name"] for t in by_kind.get("TriggerAuthentication", [])}
    for so in by_kind.get("ScaledObject", []):
        check_scaled_object(so, deployments, catalog, errors)
        refs = {t.get("authenticationRef", {}).get("name") for t in so["spec"].get("triggers", [])} - {None}
        for ref in sorted(refs - trigger_auths):
            errors.append(f"ScaledObject/{so['metadata']['name']}: authenticationRef {ref} is not rendered")
    # Every catalog consumer group has a role that joins it: a new group needs a role (and the
    # chart's table in _helpers.tpl) before it can be scaled on.
    mapped = {g for gs in ROLE_CONSUMER_GROUPS.values() for g in gs}
    for g in catalog["consumer_groups"]:
        if g["name"] not in mapped:
            errors.append(f"catalog consumer group {g['name']} belongs to no role in the deployment checks")
    for job in by_kind.get("Job", []):
        check_migration_job(job, deployments, errors)
    for user in by_kind.get("KafkaUser", []):
        check_kafka_user(user, deployments, catalog, errors)
    check_http_routes(by_kind, deployments, services, errors)
    for kind in ("KafkaTopic", "KafkaUser"):
        for o in by_kind.get(kind, []):
            if not o["metadata"].get("labels", {}).get("strimzi.io/cluster"):
                errors.append(f"{kind}/{o['metadata']['name']}: needs the label strimzi.io/cluster (the Strimzi "
                              "operators ignore a resource without it)")
    for t in by_kind.get("KafkaTopic", []):
        spec = t["spec"]
        isr = spec.get("config", {}).get("min.insync.replicas", 1)
        if isinstance(isr, int) and isr > spec["replicas"]:
            errors.append(f"KafkaTopic/{t['metadata']['name']}: min.insync.replicas {isr} exceeds its {spec['replicas']} replicas")
    return errors, objects


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--require-kind", action="append", default=[])
    parser.add_argument("--catalog", default=str(ROOT / "schemas" / "topics.json"))
    args = parser.parse_args()
    catalog = json.loads(pathlib.Path(args.catalog).read_text())
    docs = []
    for f in args.files:
        try:
            docs += list(yaml.safe_load_all(pathlib.Path(f).read_text()))
        except yaml.YAMLError as e:
            print(f"{f}: not YAML: {e}", file=sys.stderr)
            return 1
    errors, objects = validate(docs, catalog, args.require_kind)
    for e in errors:
        print(e, file=sys.stderr)
    kinds = {}
    for o in objects:
        kinds[o["kind"]] = kinds.get(o["kind"], 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    if errors:
        print(f"validate-manifests: {len(errors)} problems in {', '.join(args.files)}", file=sys.stderr)
        return 1
    print(f"validate-manifests: {len(objects)} objects valid ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
