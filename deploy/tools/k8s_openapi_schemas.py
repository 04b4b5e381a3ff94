#!/usr/bin/env python3
"""Writes standalone, strict JSON Schemas of the Kubernetes kinds the deployment files use.

    deploy/tools/k8s_openapi_schemas.py --swagger SWAGGER.json --out deploy/tools/schemas/kubernetes/v1.30

SWAGGER.json is the OpenAPI (v2) document of a Kubernetes release, as the Kubernetes project
publishes it (api/openapi-spec/swagger.json; the python client ships the same document as
kubernetes/swagger.json.unprocessed). Used once, when the vendored schemas move to a newer
release: CI reads only the files written here, it never runs this.

Each kind becomes <kind>-<group>-<version>.json, in the "standalone-strict" form of the
kubernetes-json-schema project: every $ref inlined, and additionalProperties: false on every
object with declared properties, so a misspelt or unknown field is an error. Descriptions are
dropped (they are the bulk of the document and validate nothing). IntOrString and Quantity take
a string or a number, as the API server does. Enumerations the API server enforces but the
OpenAPI document of these releases does not state are added from ENUMS below.
"""
import argparse
import json
import pathlib
import sys

# (group, version, kind) of every kind the chart, the Strimzi files and the checks render.
KINDS = [
    ("", "v1", "ConfigMap"),
    ("", "v1", "Secret"),
    ("", "v1", "Service"),
    ("", "v1", "ServiceAccount"),
    ("apps", "v1", "Deployment"),
    ("apps", "v1", "StatefulSet"),
    ("batch", "v1", "Job"),
    ("policy", "v1", "PodDisruptionBudget"),
    ("networking.k8s.io", "v1", "NetworkPolicy"),
    ("networking.k8s.io", "v1", "Ingress"),
]

# (definition, property) -> allowed values: enumerations the API server validates.
ENUMS = {
    ("io.k8s.api.core.v1.ContainerPort", "protocol"): ["TCP", "UDP", "SCTP"],
    ("io.k8s.api.core.v1.ServicePort", "protocol"): ["TCP", "UDP", "SCTP"],
    ("io.k8s.api.networking.v1.NetworkPolicyPort", "protocol"): ["TCP", "UDP", "SCTP"],
    ("io.k8s.api.core.v1.Container", "imagePullPolicy"): ["Always", "IfNotPresent", "Never"],
    ("io.k8s.api.core.v1.ServiceSpec", "type"): ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
    ("io.k8s.api.apps.v1.DeploymentStrategy", "type"): ["RollingUpdate", "Recreate"],
    ("io.k8s.api.apps.v1.StatefulSetUpdateStrategy", "type"): ["RollingUpdate", "OnDelete"],
    ("io.k8s.api.apps.v1.StatefulSetSpec", "podManagementPolicy"): ["OrderedReady", "Parallel"],
    ("io.k8s.api.core.v1.TopologySpreadConstraint", "whenUnsatisfiable"): ["DoNotSchedule", "ScheduleAnyway"],
    ("io.k8s.api.core.v1.SeccompProfile", "type"): ["RuntimeDefault", "Localhost", "Unconfined"],
    ("io.k8s.api.core.v1.PodSpec", "restartPolicy"): ["Always", "OnFailure", "Never"],
    ("io.k8s.api.core.v1.Toleration", "operator"): ["Exists", "Equal"],
    ("io.k8s.api.core.v1.Toleration", "effect"): ["NoSchedule", "PreferNoSchedule", "NoExecute"],
    ("io.k8s.api.policy.v1.PodDisruptionBudgetSpec", "unhealthyPodEvictionPolicy"): ["IfHealthyBudget", "AlwaysAllow"],
    ("io.k8s.api.networking.v1.HTTPIngressPath", "pathType"): ["Exact", "Prefix", "ImplementationSpecific"],
}

INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString"
QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"


def convert(node, definitions, stack):
    if isinstance(node, list):
        return [convert(n, definitions, stack) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        if name == INT_OR_STRING:
            return {"oneOf": [{"type": "string"}, {"type": "integer"}]}
        if name == QUANTITY:
            return {"oneOf": [{"type": "string"}, {"type": "number"}]}
        if name in stack:
            raise SystemExit(f"recursive definition {name}: not expected in these kinds")
        return convert_definition(name, definitions, stack + [name])
    out = {}
    for k, v in node.items():
        if k in ("description", "x-kubernetes-patch-merge-key", "x-kubernetes-patch-strategy",
                 "x-kubernetes-list-map-keys", "x-kubernetes-list-type", "x-kubernetes-map-type",
                 "x-kubernetes-unions"):
            continue
        if k == "properties":
            out[k] = {p: convert(s, definitions, stack) for p, s in v.items()}
        else:
            out[k] = convert(v, definitions, stack)
    if "properties" in out:
        out.setdefault("type", "object")
        out["additionalProperties"] = False
    return out


def convert_definition(name, definitions, stack):
    schema = convert(definitions[name], definitions, stack)
    for (definition, prop), values in ENUMS.items():
        if definition == name:
            if prop not in schema.get("properties", {}):
                raise SystemExit(f"{definition} has no property {prop}: the ENUMS table is out of date")
            schema["properties"][prop]["enum"] = values
    return schema


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--swagger", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    definitions = json.loads(pathlib.Path(args.swagger).read_text())["definitions"]
    by_gvk = {}
    for name, d in definitions.items():
        for gvk in d.get("x-kubernetes-group-version-kind", []):
            by_gvk[(gvk["group"], gvk["version"], gvk["kind"])] = name
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for group, version, kind in KINDS:
        name = by_gvk[(group, version, kind)]
        schema = convert_definition(name, definitions, [name])
        api_version = f"{group}/{version}" if group else version
        schema["properties"]["apiVersion"] = {"type": "string", "enum": [api_version]}
        schema["properties"]["kind"] = {"type": "string", "enum": [kind]}
        schema["required"] = sorted(set(schema.get("required", [])) | {"apiVersion", "kind", "metadata"})
        schema = {"$schema": "http://json-schema.org/draft-07/schema#", "title": f"{api_version} {kind}", **schema}
        group_part = f"-{group.split('.')[0]}" if group else ""
        path = out / f"{kind.lower()}{group_part}-{version}.json"
        path.write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n")
        print(f"{path}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
