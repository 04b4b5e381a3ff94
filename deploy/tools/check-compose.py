#!/usr/bin/env python3
"""Structural checks of the compose files, for machines without a container engine.

    deploy/tools/check-compose.py FILE [OVERRIDE...]

The files are merged in order as `docker compose -f A -f B` does for the keys they use (maps
merge, lists and scalars of the later file win), then checked: known top-level and service
keys, an image or a build whose context and Dockerfile exist, bind-mounted files that exist,
named volumes that are declared, depends_on targets that exist with conditions they can meet
(service_healthy needs a healthcheck, service_completed_successfully a one-shot service),
environment values written as strings, a Kafka log directory on a volume, TASKSTREAM_* variables
that are taskstreamd options, brokers that name a Kafka service's listener, ports bound to
loopback, and a stop grace period longer than the daemon's shutdown grace. Exit 1 on any problem.
"""
import pathlib
import re
import sys

import yaml

sys.dont_write_bytecode = True  # run from the source tree: leave no __pycache__ in it
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import daemon_options  # noqa: E402

TOP_LEVEL = {"name", "services", "volumes", "networks", "configs", "secrets"}
SERVICE_KEYS = {
    "image", "build", "hostname", "environment", "env_file", "ports", "volumes", "depends_on", "entrypoint",
    "command", "healthcheck", "restart", "read_only", "tmpfs", "cap_drop", "cap_add", "security_opt",
    "stop_grace_period", "stop_signal", "profiles", "user", "working_dir", "networks", "labels", "init",
    "ulimits", "deploy", "expose",
}
CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}
# taskstreamd's option names, the keys its config file and TASKSTREAM_* variables may use: derived
# from `taskstreamd --help` (deploy/tools/daemon-options.txt, kept current by CI).
DAEMON_OPTIONS = daemon_options.names()
KNOWN_ROLES = {"api", "relay", "recurring", "reminder-scheduler", "reminder-trigger", "broadcaster",
               "audit", "notifier", "feed"}


def merge(base, over):
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out


def seconds(duration):
    m = re.fullmatch(r"(?:(\d+)m)?(?:(\d+)s)?", str(duration))
    if not m or not any(m.groups()):
        return None
    return int(m.group(1) or 0) * 60 + int(m.group(2) or 0)


def upstream(services, name):
    """Every service that name waits for, directly or through others."""
    seen, todo = set(), [name]
    while todo:
        deps = services.get(todo.pop(), {}).get("depends_on") or {}
        for d in deps:
            if d not in seen:
                seen.add(d)
                todo.append(d)
    return seen


def check(files):
    errors = []
    base_dir = pathlib.Path(files[0]).resolve().parent
    merged = {}
    for f in files:
        doc = yaml.safe_load(pathlib.Path(f).read_text())
        if not isinstance(doc, dict):
            return [f"{f}: not a mapping"]
        for key in doc:
            if key not in TOP_LEVEL and not str(key).startswith("x-"):
                errors.append(f"{f}: unknown top-level key {key!r}")
        merged = merge(merged, doc)
    services = merged.get("services") or {}
    volumes = merged.get("volumes") or {}
    if not services:
        errors.append("no services")
    kafka_listeners = {}
    for name, svc in services.items():
        env = svc.get("environment") or {}
        if isinstance(env, dict) and "KAFKA_ADVERTISED_LISTENERS" in env:
            for listener in str(env["KAFKA_ADVERTISED_LISTENERS"]).split(","):
                hostport = listener.split("://", 1)[-1]
                kafka_listeners[hostport] = name
    for name, svc in services.items():
        where = f"service {name}"
        for key in svc:
            if key not in SERVICE_KEYS:
                errors.append(f"{where}: unknown key {key!r}")
        if "image" not in svc and "build" not in svc:
            errors.append(f"{where}: needs an image or a build")
        build = svc.get("build")
        if build is not None:
            ctx = base_dir / (build if isinstance(build, str) else build.get("context", "."))
            dockerfile = ctx / ("Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile"))
            if not ctx.is_dir():
                errors.append(f"{where}: build context {ctx} does not exist")
            elif not dockerfile.is_file():
                errors.append(f"{where}: Dockerfile {dockerfile} does not exist")
        for v in svc.get("volumes") or []:
            source = str(v).split(":", 1)[0]
            if source.startswith((".", "/")):
                if not (base_dir / source).exists():
                    errors.append(f"{where}: bind-mounted {source} does not exist")
            elif source not in volumes:
                errors.append(f"{where}: named volume {source!r} is not declared under volumes")
        for p in svc.get("ports") or []:
            if not isinstance(p, str) or not re.fullmatch(r"127\.0\.0\.1:\d+:\d+(/tcp|/udp)?", p):
                errors.append(f"{where}: port {p!r}: publish as a quoted \"127.0.0.1:HOST:CONTAINER\" (loopback only)")
        deps = svc.get("depends_on") or {}
        if isinstance(deps, list):
            deps = {d: {"condition": "service_started"} for d in deps}
        for dep, spec in deps.items():
            target = services.get(dep)
            cond = (spec or {}).get("condition", "service_started")
            if target is None:
                errors.append(f"{where}: depends on unknown service {dep!r}")
                continue
            if cond not in CONDITIONS:
                errors.append(f"{where}: depends_on {dep}: unknown condition {cond!r}")
            if cond == "service_healthy" and not target.get("healthcheck"):
                errors.append(f"{where}: waits for {dep} to be healthy, but {dep} has no healthcheck")
            if cond == "service_completed_successfully" and target.get("restart", "no") != "no":
                errors.append(f"{where}: waits for {dep} to complete, but {dep} restarts")
        env = svc.get("environment") or {}
        if isinstance(env, list):
            errors.append(f"{where}: write environment as a map")
            env = {}
        for k, v in env.items():
            if not isinstance(v, str):
                errors.append(f"{where}: environment {k}: quote the value {v!r} (compose reads YAML types)")
            if k.startswith("TASKSTREAM_"):
                option = k[len("TASKSTREAM_"):].lower().replace("_", "-")
                if option not in DAEMON_OPTIONS:
                    errors.append(f"{where}: {k} is not a taskstreamd option (--{option})")
        if "KAFKA_PROCESS_ROLES" in env:
            mounted = {str(v).split(":")[1] for v in svc.get("volumes") or [] if ":" in str(v)}
            if env.get("KAFKA_LOG_DIRS") not in mounted:
                errors.append(f"{where}: KAFKA_LOG_DIRS must be a mounted volume, or the topics vanish with the container")
        if "TASKSTREAM_BROKERS" in env:
            for b in str(env["TASKSTREAM_BROKERS"]).split(","):
                if b not in kafka_listeners:
                    errors.append(f"{where}: broker {b} is no advertised listener of a Kafka service")
                elif kafka_listeners[b] not in upstream(services, name):
                    errors.append(f"{where}: uses Kafka at {b} but does not depend on {kafka_listeners[b]} "
                                  "(or on what waits for it)")
        if "TASKSTREAM_ROLES" in env:
            for r in str(env["TASKSTREAM_ROLES"]).split(","):
                if r not in KNOWN_ROLES:
                    errors.append(f"{where}: unknown role {r!r}")
        if any(k.startswith("TASKSTREAM_") for k in env):
            if svc.get("read_only") is not True:
                errors.append(f"{where}: run taskstreamd with read_only: true, as in Kubernetes")
            grace = int(env.get("TASKSTREAM_SHUTDOWN_GRACE_SECONDS", "25"))
            stop = seconds(svc.get("stop_grace_period", "10s"))
            if stop is None or stop <= grace:
                errors.append(f"{where}: stop_grace_period must exceed the daemon's shutdown grace ({grace} s)")
    # A kafka-topics-like one-shot service only helps if someone waits for it.
    waited = {d for s in services.values() for d in (s.get("depends_on") or {})}
    for name, svc in services.items():
        if svc.get("restart") == "no" and name not in waited:
            errors.append(f"service {name}: a one-shot service nothing waits for")
    return errors


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    errors = check(sys.argv[1:])
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        print(f"check-compose: {len(errors)} problems in {' + '.join(sys.argv[1:])}", file=sys.stderr)
        return 1
    print(f"check-compose: {' + '.join(sys.argv[1:])} pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
