"""Strict structural checks of Kubernetes objects, offline.

Every object is checked with python3-jsonschema against a schema vendored in
deploy/tools/schemas/ (deploy/tools/schemas/README.md says where each comes from, its version
and its licence); nothing is downloaded:
- built-in kinds against the standalone, strict JSON Schemas of Kubernetes 1.30
  (schemas/kubernetes/v1.30/, written from the release's OpenAPI document by
  k8s_openapi_schemas.py): an unknown field, a wrong type or a missing required field is an error;
- custom resources against the upstream CustomResourceDefinitions of Strimzi, KEDA, the
  Prometheus Operator and the Gateway API, as their projects release them. The CRD's
  openAPIV3Schema of the object's version is made strict the same way (unknown fields are errors,
  as the API server's strict field validation, kubectl's default, makes them), and its metadata
  is checked as the built-in kinds' ObjectMeta.

On top of the schemas, the rules the API server applies that a schema does not state: names
that must be DNS labels or subdomains, label keys and values, container, volume, port and
environment variable names.

check_object(doc) returns a list of "path: problem" strings; empty means the object is valid.
"""
import copy
import functools
import json
import pathlib
import re

import jsonschema
import yaml

SCHEMA_DIR = pathlib.Path(__file__).resolve().parent / "schemas"
KUBERNETES_DIR = SCHEMA_DIR / "kubernetes" / "v1.30"

# (apiVersion, kind) -> schema file. Only kinds the deployment files use are listed: anything
# else is reported, so a new kind is a conscious addition here (and to k8s_openapi_schemas.py).
BUILTIN_KINDS = {
    ("v1", "ConfigMap"): "configmap-v1.json",
    ("v1", "Secret"): "secret-v1.json",
    ("v1", "Service"): "service-v1.json",
    ("v1", "ServiceAccount"): "serviceaccount-v1.json",
    ("apps/v1", "Deployment"): "deployment-apps-v1.json",
    ("apps/v1", "StatefulSet"): "statefulset-apps-v1.json",
    ("batch/v1", "Job"): "job-batch-v1.json",
    ("policy/v1", "PodDisruptionBudget"): "poddisruptionbudget-policy-v1.json",
    ("networking.k8s.io/v1", "NetworkPolicy"): "networkpolicy-networking-v1.json",
    ("networking.k8s.io/v1", "Ingress"): "ingress-networking-v1.json",
}

# (apiVersion, kind) -> the upstream CRD file that defines it.
CUSTOM_KINDS = {
    ("keda.sh/v1alpha1", "ScaledObject"): "keda/keda.sh_scaledobjects.yaml",
    ("keda.sh/v1alpha1", "TriggerAuthentication"): "keda/keda.sh_triggerauthentications.yaml",
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "prometheus-operator/monitoring.coreos.com_servicemonitors.yaml",
    ("monitoring.coreos.com/v1", "PrometheusRule"): "prometheus-operator/monitoring.coreos.com_prometheusrules.yaml",
    ("kafka.strimzi.io/v1", "KafkaTopic"): "strimzi/043-Crd-kafkatopic.yaml",
    ("kafka.strimzi.io/v1", "KafkaUser"): "strimzi/044-Crd-kafkauser.yaml",
    ("gateway.networking.k8s.io/v1", "HTTPRoute"): "gateway-api/gateway.networking.k8s.io_httproutes.yaml",
}

# Fields whose values are Kubernetes names, and the rule each follows.
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS_1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
PORT_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
LABEL_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
RULES = {
    "container": ("a DNS label", DNS_LABEL, 63),
    "volume": ("a DNS label", DNS_LABEL, 63),
    "port": ("a port name", PORT_NAME, 15),
    "env": ("an environment variable name", ENV_NAME, 1024),
}
# Kinds whose names must be DNS labels (RFC 1035) rather than subdomains.
LABEL_NAMED_KINDS = ("Service", "Deployment", "StatefulSet", "NetworkPolicy", "Job")


def _label_key_ok(key):
    prefix, _, name = key.rpartition("/")
    if prefix and (len(prefix) > 253 or not DNS_SUBDOMAIN.match(prefix)):
        return False
    return 0 < len(name) <= 63 and bool(LABEL_NAME.match(name))


def check_labels(labels, path):
    errors = []
    if not isinstance(labels, dict):
        return errors
    for k, v in labels.items():
        if not isinstance(k, str) or not _label_key_ok(k):
            errors.append(f"{path}: {k!r} is not a valid label key")
        if not isinstance(v, str) or len(v) > 63 or not LABEL_VALUE.match(v):
            errors.append(f"{path}.{k}: {v!r} is not a valid label value (63 characters of [A-Za-z0-9._-])")
    return errors


def _name_ok(value, rule):
    _, pattern, limit = RULES[rule]
    return isinstance(value, str) and len(value) <= limit and bool(pattern.match(value))


def _check_name(value, rule, path, errors):
    if not _name_ok(value, rule):
        errors.append(f"{path}: {value!r} is not {RULES[rule][0]}")


def check_pod_spec(pod, path):
    """The names in a pod spec that the schema leaves to the API server's validation."""
    errors = []
    if not isinstance(pod, dict):
        return errors
    for i, v in enumerate(pod.get("volumes") or []):
        _check_name(v.get("name"), "volume", f"{path}.volumes[{i}].name", errors)
    for field in ("initContainers", "containers"):
        for i, c in enumerate(pod.get(field) or []):
            cp = f"{path}.{field}[{i}]"
            _check_name(c.get("name"), "container", f"{cp}.name", errors)
            for j, p in enumerate(c.get("ports") or []):
                if "name" in p:
                    _check_name(p["name"], "port", f"{cp}.ports[{j}].name", errors)
            for j, e in enumerate(c.get("env") or []):
                _check_name(e.get("name"), "env", f"{cp}.env[{j}].name", errors)
            for j, m in enumerate(c.get("volumeMounts") or []):
                _check_name(m.get("name"), "volume", f"{cp}.volumeMounts[{j}].name", errors)
    return errors


def _strict(node):
    """A CRD's structural schema as a strict JSON Schema: unknown fields are errors."""
    if isinstance(node, list):
        return [_strict(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if k == "properties":
            out[k] = {p: _strict(s) for p, s in v.items()}
        elif k in ("items", "additionalProperties", "allOf", "anyOf", "oneOf", "not"):
            out[k] = _strict(v)
        elif k == "description" or k.startswith("x-kubernetes-") or k == "nullable":
            continue
        else:
            out[k] = v
    if node.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out = {"anyOf": [{"type": "integer"}, {"type": "string"}], **out}
    if "properties" in out and not node.get("x-kubernetes-preserve-unknown-fields") and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if node.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


@functools.lru_cache(maxsize=None)
def _object_meta():
    """ObjectMeta, as the built-in kinds' schemas have it."""
    return json.loads((KUBERNETES_DIR / "configmap-v1.json").read_text())["properties"]["metadata"]


@functools.lru_cache(maxsize=None)
def _validator(api_version, kind):
    if (api_version, kind) in BUILTIN_KINDS:
        schema = json.loads((KUBERNETES_DIR / BUILTIN_KINDS[(api_version, kind)]).read_text())
        return jsonschema.Draft7Validator(schema)
    path = SCHEMA_DIR / CUSTOM_KINDS[(api_version, kind)]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    crd = yaml.load(path.read_text(), Loader=loader)
    version = api_version.rpartition("/")[2]
    served = {v["name"]: v for v in crd["spec"]["versions"] if v.get("served")}
    if crd["spec"]["names"]["kind"] != kind or version not in served:
        raise KeyError(f"{path.name} does not serve {api_version} {kind}")
    schema = _strict(copy.deepcopy(served[version]["schema"]["openAPIV3Schema"]))
    schema.setdefault("properties", {})
    schema["properties"]["apiVersion"] = {"type": "string", "enum": [api_version]}
    schema["properties"]["kind"] = {"type": "string", "enum": [kind]}
    schema["properties"]["metadata"] = _object_meta()
    schema["required"] = sorted(set(schema.get("required", [])) | {"apiVersion", "kind", "metadata"})
    schema["additionalProperties"] = False
    return jsonschema.Draft7Validator(schema)


def _schema_errors(validator, doc, where):
    errors = []
    for e in sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path]):
        path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.absolute_path)
        message = e.message
        if e.validator == "additionalProperties" and e.validator_value is False and isinstance(e.instance, dict):
            known = set(e.schema.get("properties", {}))
            unknown = sorted(k for k in e.instance if k not in known)
            message = ", ".join(f"unknown field {k!r}" for k in unknown)
        elif e.validator == "enum":
            message = f"{e.instance!r} is not one of {sorted(e.validator_value, key=str)}"
        elif e.validator in ("oneOf", "anyOf") and e.context:
            message = f"{e.instance!r} is none of the allowed forms ({'; '.join(sorted({c.message for c in e.context}))})"
        errors.append(f"{where}: {path or '.'}: {message}")
    return errors


def check_object(doc):
    """All problems of one Kubernetes object as 'path: problem' strings."""
    if not isinstance(doc, dict):
        return ["document: not a mapping"]
    api_version, kind = doc.get("apiVersion"), doc.get("kind")
    meta = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    where = f"{kind}/{meta.get('name', '?')}"
    errors = []
    name = meta.get("name")
    if not isinstance(name, str) or len(name) > 253 or not DNS_SUBDOMAIN.match(name):
        errors.append(f"{where}: metadata.name {name!r} is not a DNS subdomain name")
    elif kind in LABEL_NAMED_KINDS and (len(name) > 63 or not DNS_1035.match(name)):
        errors.append(f"{where}: metadata.name {name!r} must be a DNS label of at most 63 characters")
    key = (api_version, kind)
    if key not in BUILTIN_KINDS and key not in CUSTOM_KINDS:
        return errors + [f"{where}: apiVersion {api_version!r} kind {kind!r} is not a kind these checks know"]
    errors += _schema_errors(_validator(api_version, kind), doc, where)
    errors += check_labels(meta.get("labels", {}), f"{where}: .metadata.labels")
    spec = doc.get("spec") if isinstance(doc.get("spec"), dict) else {}
    template = spec.get("template") if isinstance(spec.get("template"), dict) else {}
    if kind in ("Deployment", "StatefulSet", "Job"):
        errors += check_labels((template.get("metadata") or {}).get("labels", {}), f"{where}: .spec.template.metadata.labels")
        errors += [f"{where}: {e}" for e in check_pod_spec(template.get("spec"), ".spec.template.spec")]
    selector = spec.get("selector") if kind != "Service" else None
    if isinstance(selector, dict) and "matchLabels" in selector:
        errors += check_labels(selector["matchLabels"], f"{where}: .spec.selector.matchLabels")
    if kind == "Service":
        for i, p in enumerate(spec.get("ports") or []):
            if isinstance(p, dict) and "name" in p and not _name_ok(p["name"], "port"):
                errors.append(f"{where}: .spec.ports[{i}].name: {p['name']!r} is not a port name")
    return errors
