#!/usr/bin/env python3
"""Checks the chart's alerts and the Grafana dashboard: what CI runs for deploy/monitoring/.

    deploy/tools/check-monitoring.py rules --renderer BIN --work DIR
    deploy/tools/check-monitoring.py dashboard --work DIR
    deploy/tools/check-monitoring.py names --renderer BIN --daemon TASKSTREAMD --work DIR

rules: renders the chart (release "taskstream", namespace "tasks", ServiceMonitor on, default
thresholds), takes the PrometheusRule's groups, checks them with `promtool check rules`, checks
that every alert has a runbook_url whose #anchor is a heading of docs/runbook.md and a firing
case in deploy/monitoring/alerts-test.yaml, and runs that file with `promtool test rules`.
dashboard: every panel of deploy/monitoring/taskstream-dashboard.json has queries, and each
query (Grafana variables replaced by sample values) parses: they are written as recording rules
and checked with `promtool check rules`.
names: every taskstream_* series the rules and the dashboard query is one a running taskstreamd
exports on /metrics. The daemon is started on an embedded broker and a fresh data directory, and
given one task so that the per-group series exist; families appear once they have a series.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid

import yaml

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHART = ROOT / "deploy" / "helm" / "taskstream"
MONITORING = ROOT / "deploy" / "monitoring"
ALERT_TESTS = MONITORING / "alerts-test.yaml"
DASHBOARD = MONITORING / "taskstream-dashboard.json"
RUNBOOK = ROOT / "docs" / "runbook.md"
RULES_NAME = "taskstream-rules.yaml"

# Families taskstreamd exports only while their condition holds (a partition stalled), so a healthy
# daemon's /metrics lacks them: for these the check looks for the family's declaration in core/
# instead, which still catches a misspelt name.
CONDITIONAL_NAMES = {"taskstream_partition_stalled"}

# Sample values for the Grafana variables the dashboard's queries use.
SERIES_GRAFANA_VARS = {"$__rate_interval": "5m", "$__interval": "1m", "$namespace": "tasks", "$job": ".*"}


def fail(msg):
    print(f"check-monitoring: {msg}", file=sys.stderr)


def promtool(*args):
    r = subprocess.run(["promtool", *args], capture_output=True, text=True)
    return r.returncode, (r.stdout + r.stderr).strip()


def rendered_rule_groups(renderer, work):
    values = work / "monitoring-values.yaml"
    values.write_text("metrics:\n  serviceMonitor:\n    enabled: true\n"
                      "daemon:\n  feedAllowedOrigins: [https://tasks.example.com]\n")
    r = subprocess.run([renderer, "-name", "taskstream", "-namespace", "tasks", "-f", str(values), str(CHART)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"check-monitoring: the chart does not render: {r.stderr.strip()}")
    rules = [d for d in yaml.safe_load_all(r.stdout) if d and d.get("kind") == "PrometheusRule"]
    if len(rules) != 1:
        raise SystemExit(f"check-monitoring: expected one PrometheusRule with the ServiceMonitor on, got {len(rules)}")
    return rules[0]["spec"]["groups"]


def runbook_anchors():
    anchors = set()
    for line in RUNBOOK.read_text().splitlines():
        m = re.match(r"^#{1,6}\s+(.*?)\s*$", line)
        if m:
            # GitHub's heading anchors: lower case, punctuation dropped, spaces to '-'.
            text = re.sub(r"[^\w\- ]", "", m.group(1).lower())
            anchors.add(text.replace(" ", "-"))
    return anchors


def check_rules(args):
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    groups = rendered_rule_groups(args.renderer, work)
    rules_file = work / RULES_NAME
    rules_file.write_text(yaml.safe_dump({"groups": groups}, sort_keys=False))
    errors = []
    rc, out = promtool("check", "rules", str(rules_file))
    if rc != 0:
        errors.append(f"promtool check rules: {out}")
    anchors = runbook_anchors()
    tests = yaml.safe_load(ALERT_TESTS.read_text())
    firing = {t["alertname"] for case in tests["tests"] for t in case.get("alert_rule_test", []) if t.get("exp_alerts")}
    alerts = [r for g in groups for r in g.get("rules", []) if "alert" in r]
    for rule in alerts:
        name = rule["alert"]
        url = rule.get("annotations", {}).get("runbook_url", "")
        anchor = url.partition("#")[2]
        if not anchor:
            errors.append(f"{name}: no runbook_url with an #anchor")
        elif anchor not in anchors:
            errors.append(f"{name}: runbook_url anchor #{anchor} is no heading of docs/runbook.md")
        if not rule.get("labels", {}).get("severity"):
            errors.append(f"{name}: no severity label")
        if name not in firing:
            errors.append(f"{name}: no promtool test in {ALERT_TESTS.name} expects it to fire")
    shutil.copy(ALERT_TESTS, work / ALERT_TESTS.name)
    rc, out = promtool("test", "rules", str(work / ALERT_TESTS.name))
    if rc != 0:
        errors.append(f"promtool test rules:\n{out}")
    for e in errors:
        fail(e)
    if errors:
        return 1
    print(f"check-monitoring: {len(alerts)} alerts parse, link their runbook section and pass their promtool tests")
    return 0


def substitute(expr):
    for var, value in SERIES_GRAFANA_VARS.items():
        expr = expr.replace(var, value)
    left = re.findall(r"\$\{?\w+", expr)
    return expr, left


def dashboard_queries():
    """(where, expression) of every query of the dashboard, variables' queries included."""
    dash = json.loads(DASHBOARD.read_text())
    queries, errors = [], []
    for p in dash["panels"]:
        if p.get("type") == "row":
            continue
        targets = p.get("targets") or []
        if not targets:
            errors.append(f"panel {p.get('title')!r}: no queries")
        for t in targets:
            if not t.get("expr", "").strip():
                errors.append(f"panel {p.get('title')!r} query {t.get('refId')}: empty expression")
            else:
                queries.append((f"panel {p['title']!r} query {t['refId']}", t["expr"]))
    for v in dash.get("templating", {}).get("list", []):
        if v.get("type") == "query":
            q = v["query"]["query"] if isinstance(v["query"], dict) else v["query"]
            m = re.fullmatch(r"label_values\((.*),\s*(\w+)\)", q.strip())
            if not m:
                errors.append(f"variable {v['name']}: query {q!r} is not label_values(SELECTOR, LABEL)")
            else:
                queries.append((f"variable {v['name']}", m.group(1)))
    return queries, errors


def check_dashboard(args):
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    queries, errors = dashboard_queries()
    rules = []
    for i, (where, expr) in enumerate(queries):
        expr, left = substitute(expr)
        if left:
            errors.append(f"{where}: unknown Grafana variable {left[0]}")
        rules.append({"record": f"dashboard:query_{i}", "expr": expr})
    out_file = work / "dashboard-queries.yaml"
    out_file.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, sort_keys=False))
    rc, out = promtool("check", "rules", str(out_file))
    if rc != 0:
        # promtool names the failing rule's index: point back at the panel.
        for m in re.finditer(r"dashboard:query_(\d+)", out):
            errors.append(f"{queries[int(m.group(1))][0]} does not parse")
        errors.append(f"promtool check rules: {out}")
    for e in errors:
        fail(e)
    if errors:
        return 1
    print(f"check-monitoring: {len(queries)} dashboard queries parse")
    return 0


def names_in(expr):
    names = set(re.findall(r"\btaskstream_[a-z0-9_]+", expr))
    # {__name__=~"taskstream_events_(a|b)_total"}: every alternative is a name queried.
    for pattern in re.findall(r'__name__\s*=~\s*"([^"]*)"', expr):
        names.discard(pattern.split("(")[0])
        m = re.fullmatch(r"([a-z0-9_]*)\(([a-z0-9_|]+)\)([a-z0-9_]*)", pattern)
        if not m:
            raise SystemExit(f"check-monitoring: cannot expand __name__ pattern {pattern!r}")
        names |= {m.group(1) + alt + m.group(3) for alt in m.group(2).split("|")}
    return {n for n in names if not n.endswith("_")}


def live_names(daemon, work):
    data = work / "daemon-data"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    log = open(work / "daemon.log", "w")
    proc = subprocess.Popen([daemon, "--data-dir", str(data), "--http-port", "0", "--log-format", "text"],
                            stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        base = None
        for line in proc.stdout:
            if line.startswith("http="):
                base = line.strip()[len("http="):].rstrip("/")
                break
        if not base:
            raise SystemExit(f"check-monitoring: taskstreamd printed no http=URL (log: {work / 'daemon.log'})")
        token = subprocess.run([daemon, "token", "--user", str(uuid.uuid4()), "--data-dir", str(data)],
                               capture_output=True, text=True, check=True).stdout.strip()
        req = urllib.request.Request(base + "/api/v1/tasks", data=json.dumps({"title": "metrics"}).encode(),
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as r:
            if r.status != 201:
                raise SystemExit(f"check-monitoring: creating a task answered {r.status}")
        # Wait until the workers consumed the task: then the per-group families exist.
        want = {"taskstream_events_processed_total", "taskstream_consumer_lag_records",
                "taskstream_http_requests_total"}
        deadline = time.monotonic() + 60
        while True:
            with urllib.request.urlopen(base + "/metrics", timeout=10) as r:
                text = r.read().decode()
            names = set(re.findall(r"^# TYPE (\S+) (\S+)", text, re.M))
            found = {n for n, _ in names}
            if want <= found:
                break
            if time.monotonic() > deadline:
                raise SystemExit(f"check-monitoring: /metrics never showed {sorted(want - found)}")
            time.sleep(0.2)
        exported = set()
        for n, kind in names:
            exported.add(n)
            if kind == "histogram":
                exported |= {n + "_bucket", n + "_sum", n + "_count"}
            if kind == "summary":
                exported |= {n + "_sum", n + "_count"}
        return exported
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def check_names(args):
    work = pathlib.Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    used = {}
    for g in rendered_rule_groups(args.renderer, work):
        for r in g.get("rules", []):
            for n in names_in(str(r["expr"])):
                used.setdefault(n, set()).add(f"rule {r.get('alert') or r.get('record')}")
    queries, errors = dashboard_queries()
    for where, expr in queries:
        for n in names_in(expr):
            used.setdefault(n, set()).add(f"dashboard {where}")
    exported = live_names(args.daemon, work)
    for n in sorted(used):
        if n in exported:
            continue
        if n in CONDITIONAL_NAMES and declared_in_core(n):
            print(f"check-monitoring: {n} is absent while its condition does not hold; declared in core/")
            continue
        errors.append(f"{n} is not a series taskstreamd exports; used by {', '.join(sorted(used[n]))}")
    for e in errors:
        fail(e)
    if errors:
        return 1
    print(f"check-monitoring: the {len(used)} taskstream series the rules and the dashboard query are "
          f"among the {len(exported)} names a running taskstreamd exports")
    return 0


def declared_in_core(name):
    """True when a metric family named \a name is declared (`{"name", "type", ...}`) in core/."""
    needle = '{"' + name + '", "'
    return any(needle in f.read_text(encoding="utf-8") for f in (ROOT / "core").rglob("*.cpp"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["rules", "dashboard", "names"])
    parser.add_argument("--renderer")
    parser.add_argument("--daemon")
    parser.add_argument("--work", required=True)
    args = parser.parse_args()
    if args.what in ("rules", "names") and not args.renderer:
        parser.error("--renderer is required")
    if args.what == "names" and not args.daemon:
        parser.error("--daemon is required")
    return {"rules": check_rules, "dashboard": check_dashboard, "names": check_names}[args.what](args)


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    sys.exit(main())
