"""The Helm chart, rendered in-process for every CI values file: valid, hardened, wired."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

from benuo_runtime.auth import TokenIssuer

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "benuo"
SERVICES = ("gateway", "governance", "economy", "living")
BACKENDS = ("governance", "economy", "living")
KUBERNETES_VERSION = kubernetes_validate.latest_version()
# `helm dependency build` needs the upstream chart repositories, which this machine
# cannot reach; the chart declares them and renders without them.
MISSING_DEPENDENCIES = "chart directory is missing these dependencies: nats,redis,postgresql"
BUNDLED = {"nats": {"enabled": True}, "redis": {"enabled": True}, "postgresql": {"enabled": True}}
REFERENCE = re.compile(r"\$\(([A-Z0-9_]+)\)")


def test_chart_lints_without_findings(values_file: Path) -> None:
    values = yaml.safe_load(values_file.read_text()) or {}
    report = helm.lint(
        CHART, values, strict=True, namespace="benuo", kube_version=f"v{KUBERNETES_VERSION}"
    )
    findings = [
        message["error"]
        for message in report["messages"]
        if message["severity"] >= 2 and message["error"] != MISSING_DEPENDENCIES
    ]
    assert findings == []


def test_every_manifest_is_valid_for_current_kubernetes(rendered: Any) -> None:
    kinds = {item["kind"] for item in rendered.manifests}
    assert {"Deployment", "Service", "ConfigMap", "ServiceAccount", "Job"} <= kinds
    for item in rendered.manifests:
        kubernetes_validate.validate(item, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize(
    ("values", "complaint"),
    [
        ({"services": {"governance": {"port": "eighty"}}}, "port"),
        ({"servces": {}}, "servces"),
        ({"securityContext": {"readOnlyRootFilesystem": False}}, "readOnlyRootFilesystem"),
        ({"serviceDefaults": {"env": {"database-url": "x"}}}, "database-url"),
        ({"nats": {"auth": {"integrators": ["Not A Name"]}}}, "integrators"),
    ],
)
def test_values_schema_refuses_values_that_would_break_a_release(
    render: Callable[..., Any], values: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(helm.HelmValuesError, match=complaint):
        render(values)


def test_every_service_has_probes_resources_and_its_port(rendered: Any) -> None:
    for service in SERVICES:
        container = rendered.container(service)
        port = container["ports"][0]
        assert port["name"] == "http"
        assert container["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
        assert container["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
        assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
        assert {"cpu", "memory"} <= set(container["resources"]["requests"])
        assert {"cpu", "memory"} <= set(container["resources"]["limits"])
        environment = rendered.environment(service)
        assert environment["PORT"]["value"] == str(port["containerPort"])
        assert environment["HOST"]["value"] == "0.0.0.0"  # noqa: S104 - reachable by other pods
        assert environment["PROVISION_STREAMS"]["value"] == "false"  # the hook Job does it
        service_object = rendered.get("Service", f"benuo-{service}")
        assert service_object["spec"]["type"] == "ClusterIP"
        assert service_object["spec"]["ports"][0]["targetPort"] == "http"


def test_every_pod_is_hardened_and_gets_no_service_account_token(rendered: Any) -> None:
    for workload in rendered.workloads():
        pod = rendered.pod_spec(workload)
        name = workload["metadata"]["name"]
        assert pod["automountServiceAccountToken"] is False, name
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        for container in pod["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["capabilities"]["drop"] == ["ALL"], name
            assert context["seccompProfile"] == {"type": "RuntimeDefault"}, name
            assert "resources" in container, name
        account = rendered.get("ServiceAccount", pod["serviceAccountName"])
        assert account["automountServiceAccountToken"] is False


def test_autoscaled_services_leave_replicas_to_their_autoscaler(rendered: Any) -> None:
    for service in SERVICES:
        deployment = rendered.deployment(service)
        scalers = [
            scaler
            for scaler in rendered.of("HorizontalPodAutoscaler")
            if scaler["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
        ]
        assert ("replicas" in deployment["spec"]) == (not scalers)
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        for budget in rendered.of("PodDisruptionBudget"):
            selector = budget["spec"]["selector"]["matchLabels"]
            if selector.items() <= labels.items():
                assert budget["spec"]["maxUnavailable"] >= 1  # never blocks a node drain


def _environment_names(environment: dict[str, dict[str, Any]]) -> set[str]:
    """The variables a service reads: all but those only there to build another value."""
    referenced = {
        name
        for entry in environment.values()
        for name in REFERENCE.findall(str(entry.get("value", "")))
    }
    return set(environment) - referenced


def _assert_references_resolve(env: list[dict[str, Any]], where: str) -> None:
    defined: set[str] = set()
    for entry in env:
        for name in REFERENCE.findall(str(entry.get("value", ""))):
            assert name in defined, f"{where}: $({name}) used before it is defined"
        defined.add(entry["name"])


def test_services_get_exactly_the_settings_they_read(
    rendered: Any, surface: Callable[[str | None], Any]
) -> None:
    for service in SERVICES:
        environment = rendered.environment(service)
        names = _environment_names(environment)
        reads = surface(service)
        assert reads.unknown(names) == set(), f"{service} does not read these"
        assert reads.required <= names, f"{service} needs these"
        _assert_references_resolve(rendered.container(service)["env"], service)
    for job in rendered.of("Job"):
        container = rendered.pod_spec(job)["containers"][0]
        component = job["metadata"]["labels"]["app.kubernetes.io/component"]
        service = component.removeprefix("migrate-") if component != "streams" else None
        names = _environment_names({entry["name"]: entry for entry in container["env"]})
        assert surface(service).unknown(names) == set(), f"{component} does not read these"
        _assert_references_resolve(container["env"], component)


def test_gateway_reaches_every_service_and_services_trust_its_keys(rendered: Any) -> None:
    gateway = rendered.environment("gateway")
    for backend in BACKENDS:
        port = rendered.container(backend)["ports"][0]["containerPort"]
        assert gateway[f"{backend.upper()}_URL"]["value"] == f"http://benuo-{backend}:{port}"
        jwks = rendered.environment(backend)["AUTH_JWKS_URL"]["value"]
        assert jwks == "http://benuo-gateway:8000/.well-known/jwks.json"
    mounts = {m["mountPath"]: m for m in rendered.container("gateway")["volumeMounts"]}
    key_path = Path(gateway["AUTH_SIGNING_KEY_PATH"]["value"])
    assert str(key_path.parent) in mounts


def test_generated_secrets_hold_a_usable_signing_key_and_every_nats_password(
    render: Callable[..., Any],
) -> None:
    rendered = render({})
    key_secret = rendered.get("Secret", "benuo-signing-key")
    pem = base64.b64decode(key_secret["data"]["signing-key.pem"])
    issuer = TokenIssuer(pem, issuer="benuo-gateway", audience="benuo-services")
    assert issuer.jwks()["keys"][0]["crv"] == "Ed25519"
    users = rendered.get("Secret", "benuo-nats-users")["data"]
    referenced = {
        entry["valueFrom"]["secretKeyRef"]["key"]
        for workload in rendered.workloads()
        for entry in rendered.pod_spec(workload)["containers"][0]["env"]
        if entry["name"] == "NATS_PASSWORD"
    }
    assert referenced == {*SERVICES, "benuo-admin"}
    assert set(users) == referenced | {"integrator"}
    assert all(len(base64.b64decode(value)) == 32 for value in users.values())


@pytest.mark.parametrize(
    ("values", "phases"),
    [({}, "pre-install,pre-upgrade"), (BUNDLED, "post-install,pre-upgrade")],
    ids=["external-servers", "bundled-servers"],
)
def test_hooks_migrate_and_provision_after_what_they_need_exists(
    render: Callable[..., Any], values: dict[str, Any], phases: str
) -> None:
    rendered = render(values)
    hooks = [item for item in rendered.manifests if rendered.hook_weight(item) is not None]
    assert {item["metadata"]["annotations"]["helm.sh/hook"] for item in hooks} == {phases}
    rendered_names = {(item["kind"], item["metadata"]["name"]) for item in rendered.manifests}
    jobs = rendered.of("Job")
    assert {job["metadata"]["name"] for job in jobs} == {
        "benuo-streams",
        *(f"benuo-migrate-{service}" for service in SERVICES),
    }
    for job in jobs:
        weight = rendered.hook_weight(job)
        pod = rendered.pod_spec(job)
        needs = {("ServiceAccount", pod["serviceAccountName"])} | {
            ("Secret", entry["valueFrom"]["secretKeyRef"]["name"])
            for entry in pod["containers"][0]["env"]
            if "valueFrom" in entry
        }
        for kind, name in needs & rendered_names:
            assert rendered.hook_weight(rendered.get(kind, name)) < weight, (
                f"{job['metadata']['name']} runs before {kind} {name} exists"
            )
        assert pod["restartPolicy"] == "Never"
        assert job["spec"]["activeDeadlineSeconds"] > 0
    streams = rendered.get("Job", "benuo-streams")
    assert rendered.hook_weight(streams) < min(
        rendered.hook_weight(job) for job in jobs if job is not streams
    )


def test_migration_jobs_use_the_service_image_and_database(rendered: Any) -> None:
    for service in SERVICES:
        job = rendered.get("Job", f"benuo-migrate-{service}")
        container = rendered.pod_spec(job)["containers"][0]
        assert container["image"] == rendered.container(service)["image"]
        assert container["args"] == ["migrate"]
        job_database = [e for e in container["env"] if e["name"].startswith("DATABASE_")]
        assert job_database == [
            e for e in rendered.container(service)["env"] if e["name"].startswith("DATABASE_")
        ]


def _selects(policy: dict[str, Any], labels: dict[str, str]) -> bool:
    return policy["spec"]["podSelector"]["matchLabels"].items() <= labels.items()


def _component_peer(component: str) -> dict[str, Any]:
    return {
        "podSelector": {
            "matchLabels": {
                "app.kubernetes.io/name": "benuo",
                "app.kubernetes.io/instance": "benuo",
                "app.kubernetes.io/component": component,
            }
        }
    }


def test_network_policies_expose_only_the_gateway_and_limit_egress(
    rendered: Any, values_file: Path
) -> None:
    values = yaml.safe_load(values_file.read_text()) or {}
    network = {**yaml.safe_load((CHART / "values.yaml").read_text())["networkPolicy"]}
    network.update(values.get("networkPolicy", {}))
    policies = rendered.of("NetworkPolicy")
    if not network["enabled"]:
        assert policies == []
        return
    for workload in rendered.workloads():
        labels = workload["spec"]["template"]["metadata"]["labels"]
        assert any(_selects(p, labels) for p in policies), workload["metadata"]["name"]
    allowed_ports = {53, 4222, 5432, 4317, 4318}
    for service in SERVICES:
        policy = rendered.get("NetworkPolicy", f"benuo-{service}")
        (ingress,) = policy["spec"]["ingress"]
        assert ingress["ports"] == [{"port": "http", "protocol": "TCP"}]
        if service == "gateway":
            assert ingress.get("from", []) == network["gatewayFrom"]
        else:
            assert ingress["from"] == [_component_peer("gateway"), *network["metricsFrom"]]
        extra = network["gatewayExtraEgress"] if service == "gateway" else []
        for rule in policy["spec"]["egress"]:
            if rule in extra:
                continue
            ports = {port["port"] for port in rule["ports"]}
            if ports <= allowed_ports or (service == "gateway" and ports == {6379}):
                continue
            # Otherwise: another Benuo component's HTTP port, and nothing else.
            (peer,) = rule["to"]
            component = peer["podSelector"]["matchLabels"]["app.kubernetes.io/component"]
            assert component in (BACKENDS if service == "gateway" else ("gateway",))
            assert ports == {rendered.container(component)["ports"][0]["containerPort"]}
    hooks = rendered.get("NetworkPolicy", "benuo-hooks")
    assert hooks["spec"]["ingress"] == []
    assert {p["port"] for r in hooks["spec"]["egress"] for p in r["ports"]} == {53, 4222, 5432}


def test_only_the_gateway_is_published_through_the_ingress(render: Callable[..., Any]) -> None:
    rendered = render({"gateway": {"ingress": {"enabled": True}}})
    (ingress,) = rendered.of("Ingress")
    backends = {
        path["backend"]["service"]["name"]
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert backends == {"benuo-gateway"}
    assert all(s["spec"]["type"] == "ClusterIP" for s in rendered.of("Service"))


def test_bundled_servers_are_wired_by_release_name(render: Callable[..., Any]) -> None:
    rendered = render(BUNDLED)
    gateway = rendered.environment("gateway")
    assert gateway["REDIS_URL"]["value"] == "redis://:$(REDIS_PASSWORD)@benuo-redis-master:6379/0"
    assert gateway["NATS_URL"]["value"] == "nats://benuo-nats:4222"
    assert gateway["DATABASE_URL"]["value"] == (
        "postgresql://benuo:$(DATABASE_PASSWORD)@benuo-postgresql:5432/gateway"
    )
    init = yaml.safe_load((CHART / "values.yaml").read_text())["postgresql"]["primary"]
    script = next(iter(init["initdb"]["scripts"].values()))
    for service in SERVICES:
        assert f"CREATE DATABASE {service} " in script


def test_compose_nats_users_are_the_charts(render: Callable[..., Any]) -> None:
    rendered = render({})
    chart_config = rendered.get("ConfigMap", "benuo-nats-auth")["data"]["auth.conf"]
    assert (ROOT / "deploy" / "nats" / "auth.conf").read_text() == chart_config


def test_notes_tell_the_operator_how_to_check_the_release(rendered: Any) -> None:
    assert "benuo status --release benuo --namespace benuo" in rendered.notes
