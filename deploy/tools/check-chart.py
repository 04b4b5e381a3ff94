#!/usr/bin/env python3
"""Renders the Helm chart and checks the result: what CI runs in place of `helm lint/template`.

    deploy/tools/check-chart.py --renderer BIN --out FILE [-f VALUES]... [--require-kind KIND]...
    deploy/tools/check-chart.py --renderer BIN --expect-failures DIR

The first form checks the merged values against the chart's values.schema.json (as helm does),
renders deploy/helm/taskstream with the values files (and NOTES.txt), lints the output with
yamllint (deploy/.yamllint) and validates it (validate-manifests.py); it fails on values the
schema refuses, a template that does not render, YAML that does not lint, or an object that
does not validate. The second tries each DIR/*.yaml, whose first line is "# expect: TEXT", and
fails unless every one of them is refused (by the schema or the templates) with TEXT in the error.
BIN is deploy/tools/render-chart built with `go build`.
"""
import argparse
import json
import pathlib
import subprocess
import sys

import jsonschema
import yaml

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHART = ROOT / "deploy" / "helm" / "taskstream"
sys.dont_write_bytecode = True  # run from the source tree: leave no __pycache__ in it
sys.path.insert(0, str(HERE))
validate_manifests = __import__("validate-manifests")


def render(renderer, values, notes=False):
    cmd = [renderer, "-name", "taskstream", "-namespace", "tasks"]
    for v in values:
        cmd += ["-f", str(v)]
    if notes:
        cmd.append("-notes")
    cmd.append(str(CHART))
    return subprocess.run(cmd, capture_output=True, text=True)


def values_schema_errors(renderer, values):
    """The merged values checked against values.schema.json, as helm install/template do."""
    cmd = [renderer, "-values"] + [a for v in values for a in ("-f", str(v))] + [str(CHART)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        return [f"values do not merge: {r.stderr.strip()}"]
    schema = json.loads((CHART / "values.schema.json").read_text())
    validator = jsonschema.Draft7Validator(schema)
    return [f"values.schema.json: .{'.'.join(str(p) for p in e.absolute_path)}: {e.message}"
            for e in sorted(validator.iter_errors(json.loads(r.stdout)), key=lambda e: list(e.absolute_path))]


def yamllint(paths):
    r = subprocess.run(["yamllint", "-c", str(ROOT / "deploy" / ".yamllint"), "-f", "parsable"] + [str(p) for p in paths],
                       capture_output=True, text=True)
    return r.returncode, (r.stdout + r.stderr).strip()


def check_render(args):
    schema_errors = values_schema_errors(args.renderer, args.values)
    for e in schema_errors:
        print(f"check-chart: {e}", file=sys.stderr)
    if schema_errors:
        return 1
    r = render(args.renderer, args.values)
    if r.returncode != 0:
        print(f"check-chart: the chart does not render: {r.stderr.strip()}", file=sys.stderr)
        return 1
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(r.stdout)
    notes = render(args.renderer, args.values, notes=True)
    if notes.returncode != 0 or not notes.stdout.strip():
        print(f"check-chart: NOTES.txt does not render: {notes.stderr.strip()}", file=sys.stderr)
        return 1
    failed = False
    lint_targets = [out, CHART / "Chart.yaml", CHART / "values.yaml"] + [pathlib.Path(v) for v in args.values]
    rc, text = yamllint(lint_targets)
    if rc != 0:
        print(f"check-chart: yamllint:\n{text}", file=sys.stderr)
        failed = True
    catalog = json.loads((ROOT / "schemas" / "topics.json").read_text())
    errors, objects = validate_manifests.validate(list(yaml.safe_load_all(r.stdout)), catalog, args.require_kind)
    for e in errors:
        print(f"check-chart: {e}", file=sys.stderr)
    if errors or failed:
        print(f"check-chart: FAILED ({out})", file=sys.stderr)
        return 1
    kinds = {}
    for o in objects:
        kinds[o["kind"]] = kinds.get(o["kind"], 0) + 1
    print(f"check-chart: rendered {len(objects)} objects to {out}; yamllint clean; valid: "
          + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    return 0


def check_failures(args):
    cases = sorted(pathlib.Path(args.expect_failures).glob("*.yaml"))
    if not cases:
        print(f"check-chart: no cases in {args.expect_failures}", file=sys.stderr)
        return 1
    bad = 0
    for case in cases:
        first = case.read_text().splitlines()[0]
        if not first.startswith("# expect: "):
            print(f"check-chart: {case.name}: the first line must be '# expect: TEXT'", file=sys.stderr)
            bad += 1
            continue
        expected = first[len("# expect: "):].strip()
        refusal = "\n".join(values_schema_errors(args.renderer, [case]))
        if not refusal:
            r = render(args.renderer, [case])
            refusal = r.stderr.strip() if r.returncode != 0 else ""
        if not refusal:
            print(f"check-chart: {case.name}: rendered, but must be refused ({expected})", file=sys.stderr)
            bad += 1
        elif expected not in refusal:
            print(f"check-chart: {case.name}: refused with {refusal!r}, expected {expected!r}", file=sys.stderr)
            bad += 1
        else:
            print(f"check-chart: {case.name}: refused as expected")
    print(f"check-chart: {len(cases) - bad} of {len(cases)} invalid values files refused as expected")
    return 1 if bad else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renderer", required=True)
    parser.add_argument("--out")
    parser.add_argument("-f", dest="values", action="append", default=[])
    parser.add_argument("--require-kind", action="append", default=[])
    parser.add_argument("--expect-failures")
    args = parser.parse_args()
    if args.expect_failures:
        return check_failures(args)
    if not args.out:
        parser.error("--out is required")
    return check_render(args)


if __name__ == "__main__":
    sys.exit(main())
