"""Strict structural checks of Kubernetes objects, offline.

Built-in kinds are checked against the typed models of Debian's python3-kubernetes (generated
from the Kubernetes OpenAPI specification of 1.22): every field must be one the API type has,
with the right JSON type, and every required field must be present. The few newer fields the
chart uses are listed in NEWER_FIELDS and checked against their allowed values. Custom resources (KEDA,
Prometheus Operator, Strimzi) are checked against the JSON Schemas in deploy/tools/schemas/,
written from those projects' API references, with python3-jsonschema.

check_object(doc) returns a list of "path: problem" strings; empty means the object is valid.
"""
import json
import pathlib
import re

import jsonschema
from kubernetes.client import Configuration
from kubernetes.client import models as k8s_models

SCHEMA_DIR = pathlib.Path(__file__).resolve().parent / "schemas"

# (apiVersion, kind) -> python3-kubernetes model class. Only kinds the deployment files use are
# listed: anything else is reported, so a new kind is a conscious addition here.
BUILTIN_KINDS = {
    ("v1", "ConfigMap"): "V1ConfigMap",
    ("v1", "Secret"): "V1Secret",
    ("v1", "Service"): "V1Service",
    ("v1", "ServiceAccount"): "V1ServiceAccount",
    ("apps/v1", "Deployment"): "V1Deployment",
    ("apps/v1", "StatefulSet"): "V1StatefulSet",
    ("policy/v1", "PodDisruptionBudget"): "V1PodDisruptionBudget",
    ("networking.k8s.io/v1", "NetworkPolicy"): "V1NetworkPolicy",
}

CUSTOM_KINDS = {
    ("keda.sh/v1alpha1", "ScaledObject"): "keda-scaledobject.json",
    ("keda.sh/v1alpha1", "TriggerAuthentication"): "keda-triggerauthentication.json",
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "servicemonitor.json",
    ("monitoring.coreos.com/v1", "PrometheusRule"): "prometheusrule.json",
    ("kafka.strimzi.io/v1beta2", "KafkaTopic"): "strimzi-kafkatopic.json",
}

# Enumerations the API server enforces but the 1.22 models do not.
ENUMS = {
    ("V1ContainerPort", "protocol"): {"TCP", "UDP", "SCTP"},
    ("V1ServicePort", "protocol"): {"TCP", "UDP", "SCTP"},
    ("V1NetworkPolicyPort", "protocol"): {"TCP", "UDP", "SCTP"},
    ("V1Container", "image_pull_policy"): {"Always", "IfNotPresent", "Never"},
    ("V1ServiceSpec", "type"): {"ClusterIP", "NodePort", "LoadBalancer", "ExternalName"},
    ("V1DeploymentStrategy", "type"): {"RollingUpdate", "Recreate"},
    ("V1StatefulSetUpdateStrategy", "type"): {"RollingUpdate", "OnDelete"},
    ("V1StatefulSetSpec", "pod_management_policy"): {"OrderedReady", "Parallel"},
    ("V1TopologySpreadConstraint", "when_unsatisfiable"): {"DoNotSchedule", "ScheduleAnyway"},
    ("V1SeccompProfile", "type"): {"RuntimeDefault", "Localhost", "Unconfined"},
    ("V1PodSpec", "restart_policy"): {"Always", "OnFailure", "Never"},
    ("V1Toleration", "operator"): {"Exists", "Equal"},
    ("V1Toleration", "effect"): {"NoSchedule", "PreferNoSchedule", "NoExecute"},
}

# Fields added to the API after 1.22, which the 1.22 models lack: (model, JSON field) -> (the
# Kubernetes version from which the API server keeps the field by default, its allowed values). Each is checked here against
# its enumeration instead of the model; the chart's kubeVersion must not allow older clusters
# where such a field would be dropped silently.
NEWER_FIELDS = {
    ("V1PodDisruptionBudgetSpec", "unhealthyPodEvictionPolicy"): ("1.27", {"IfHealthyBudget", "AlwaysAllow"}),
}

# Fields whose values are Kubernetes names, and the rule each follows.
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS_1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
PORT_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
ENV_NAME = re.compile(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$")
LABEL_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
NAME_RULES = {
    ("V1Container", "name"): ("a DNS label", DNS_LABEL, 63),
    ("V1Volume", "name"): ("a DNS label", DNS_LABEL, 63),
    ("V1VolumeMount", "name"): ("a DNS label", DNS_LABEL, 63),
    ("V1ContainerPort", "name"): ("a port name", PORT_NAME, 15),
    ("V1ServicePort", "name"): ("a port name", PORT_NAME, 15),
    ("V1EnvVar", "name"): ("an environment variable name", ENV_NAME, 1024),
}

_CONFIG = Configuration()
_CONFIG.client_side_validation = True


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


def _json_type_ok(value, type_name, quantity):
    if type_name == "str":
        return isinstance(value, str) or (quantity and isinstance(value, (int, float)) and not isinstance(value, bool))
    if type_name == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if type_name == "bool":
        return isinstance(value, bool)
    if type_name in ("datetime", "date"):
        return isinstance(value, str)
    return True  # "object": IntOrString, RawExtension and the like


def check_typed(value, type_name, path, quantity=False):
    """Checks value against the model type type_name ("V1PodSpec", "list[V1Container]", "str")."""
    errors = []
    if type_name.startswith("list["):
        if not isinstance(value, list):
            return [f"{path}: expected a list, got {type(value).__name__}"]
        for i, item in enumerate(value):
            errors += check_typed(item, type_name[5:-1], f"{path}[{i}]", quantity)
        return errors
    if type_name.startswith("dict("):
        if not isinstance(value, dict):
            return [f"{path}: expected a map, got {type(value).__name__}"]
        inner = type_name[type_name.index(",") + 1:-1].strip()
        for k, v in value.items():
            if not isinstance(k, str):
                errors.append(f"{path}: key {k!r} is not a string")
            errors += check_typed(v, inner, f"{path}.{k}", quantity)
        return errors
    cls = getattr(k8s_models, type_name, None)
    if cls is None:
        if not _json_type_ok(value, type_name, quantity):
            return [f"{path}: expected {type_name}, got {type(value).__name__} {value!r}"]
        return []
    if not isinstance(value, dict):
        return [f"{path}: expected an object ({type_name}), got {type(value).__name__}"]
    by_json = {j: a for a, j in cls.attribute_map.items()}
    kwargs = {}
    for key, item in value.items():
        attr = by_json.get(key)
        if attr is None and (type_name, key) in NEWER_FIELDS:
            allowed = NEWER_FIELDS[(type_name, key)][1]
            if item not in allowed:
                errors.append(f"{path}.{key}: {item!r} is not one of {sorted(allowed)}")
            continue
        if attr is None:
            errors.append(f"{path}: unknown field {key!r} (not in {type_name})")
            continue
        if item is None:
            continue
        kwargs[attr] = item
        is_quantity = type_name == "V1ResourceRequirements" or (type_name == "V1EmptyDirVolumeSource" and attr == "size_limit")
        errors += check_typed(item, cls.openapi_types[attr], f"{path}.{key}", is_quantity)
        allowed = ENUMS.get((type_name, attr))
        if allowed and item not in allowed:
            errors.append(f"{path}.{key}: {item!r} is not one of {sorted(allowed)}")
        rule = NAME_RULES.get((type_name, attr))
        if rule and isinstance(item, str) and (len(item) > rule[2] or not rule[1].match(item)):
            errors.append(f"{path}.{key}: {item!r} is not {rule[0]}")
    if type_name in ("V1ObjectMeta",) and "labels" in value:
        errors += check_labels(value["labels"], f"{path}.labels")
    if type_name == "V1LabelSelector" and "matchLabels" in value:
        errors += check_labels(value["matchLabels"], f"{path}.matchLabels")
    try:
        cls(local_vars_configuration=_CONFIG, **kwargs)
    except ValueError as e:  # a required field is missing, or a value the model refuses
        errors.append(f"{path}: {e}")
    return errors


def _load_schema(name):
    return json.loads((SCHEMA_DIR / name).read_text())


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
    elif kind in ("Service", "Deployment", "StatefulSet", "NetworkPolicy") and (len(name) > 63 or not DNS_1035.match(name)):
        errors.append(f"{where}: metadata.name {name!r} must be a DNS label of at most 63 characters")
    model = BUILTIN_KINDS.get((api_version, kind))
    schema_file = CUSTOM_KINDS.get((api_version, kind))
    if model:
        errors += [f"{where}: {e}" for e in check_typed(doc, model, "")]
    elif schema_file:
        validator = jsonschema.Draft7Validator(_load_schema(schema_file))
        for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
            path = ".".join(str(p) for p in e.absolute_path)
            errors.append(f"{where}: .{path}: {e.message}")
        errors += check_labels(meta.get("labels", {}), f"{where}: .metadata.labels")
        # KEDA's HPA behavior is the autoscaling/v2 type: check it with the typed model.
        behavior = (((doc.get("spec") or {}).get("advanced") or {}).get("horizontalPodAutoscalerConfig") or {}).get("behavior")
        if kind == "ScaledObject" and behavior is not None:
            errors += [f"{where}: {e}" for e in check_typed(
                behavior, "V2beta2HorizontalPodAutoscalerBehavior", ".spec.advanced.horizontalPodAutoscalerConfig.behavior")]
    else:
        errors.append(f"{where}: apiVersion {api_version!r} kind {kind!r} is not a kind these checks know")
    return errors
