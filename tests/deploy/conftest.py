"""Rendering the chart, and what each service really reads, for the deployment checks."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import helm_python as helm
import pytest
import yaml

from benuo_runtime.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "deploy" / "helm" / "benuo"
VALUES_FILES = sorted((CHART / "ci").glob("*.yaml"))
SERVICES = ("gateway", "governance", "economy", "living")
RELEASE, NAMESPACE = "benuo", "benuo"

# Settings the gateway will read once the gateway issue lands; until its Settings class
# declares them they are allowed here. The lead removes each entry after merging.


@dataclass(frozen=True)
class SettingsSurface:
    """The environment variables a Settings class reads, and those it cannot do without."""

    names: frozenset[str]
    required: frozenset[str]

    def unknown(self, variables: set[str]) -> set[str]:
        return {
            name for name in variables if name not in self.names and not name.startswith("OTEL_")
        }


@cache
def settings_surface(service: str | None) -> SettingsSurface:
    """Introspected at test time, so fields other engineers add are picked up."""
    settings: type[ServiceSettings] = (
        ServiceSettings
        if service is None
        else importlib.import_module(f"benuo_{service}.settings").Settings
    )
    names = {name.upper() for name in settings.model_fields}
    fields = settings.model_fields
    required = {name.upper() for name, field in fields.items() if field.is_required()}
    return SettingsSurface(frozenset(names), frozenset(required))


@dataclass(frozen=True)
class Rendered:
    """The manifests of one render, with lookups by kind and name."""

    manifests: list[dict[str, Any]]
    notes: str

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [item for item in self.manifests if item["kind"] == kind]

    def get(self, kind: str, name: str) -> dict[str, Any]:
        found = [item for item in self.of(kind) if item["metadata"]["name"] == name]
        assert found, f"no {kind} {name} in {[m['metadata']['name'] for m in self.of(kind)]}"
        return found[0]

    def workloads(self) -> list[dict[str, Any]]:
        """Deployments and Jobs: everything that runs a pod."""
        return self.of("Deployment") + self.of("Job")

    @staticmethod
    def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
        spec: dict[str, Any] = workload["spec"]["template"]["spec"]
        return spec

    def deployment(self, service: str) -> dict[str, Any]:
        return self.get("Deployment", f"{RELEASE}-{service}")

    def container(self, service: str) -> dict[str, Any]:
        container: dict[str, Any] = self.pod_spec(self.deployment(service))["containers"][0]
        return container

    def environment(self, service: str) -> dict[str, dict[str, Any]]:
        """Every variable a service's container gets: its ConfigMap's, then its own env."""
        container = self.container(service)
        variables: dict[str, dict[str, Any]] = {}
        for source in container.get("envFrom", []):
            config_map = self.get("ConfigMap", source["configMapRef"]["name"])
            variables.update({name: {"value": value} for name, value in config_map["data"].items()})
        variables.update({entry["name"]: entry for entry in container.get("env", [])})
        return variables

    @staticmethod
    def hook_weight(item: dict[str, Any]) -> int | None:
        annotations = item["metadata"].get("annotations") or {}
        if "helm.sh/hook" not in annotations:
            return None
        return int(annotations.get("helm.sh/hook-weight", "0"))


def render_chart(values: dict[str, Any] | None = None, *, upgrade: bool = False) -> Rendered:
    """Rendered once per set of values in a test run (rendering costs a few tenths of a second)."""
    return _render(json.dumps(values or {}, sort_keys=True), upgrade)


@cache
def _render(values_json: str, upgrade: bool) -> Rendered:
    values = json.loads(values_json)
    with helm.Chart.load(CHART) as chart:
        merged = chart.merge_values(values or {})
        chart.validate_schema(merged)
        output = chart.render(
            values=values or {},
            name=RELEASE,
            namespace=NAMESPACE,
            is_install=not upgrade,
            is_upgrade=upgrade,
        )
    manifests: list[dict[str, Any]] = []
    notes = ""
    for path, text in sorted(output.items()):
        if path.endswith("NOTES.txt"):
            notes = text
            continue
        manifests.extend(doc for doc in yaml.safe_load_all(text) if doc)
    return Rendered(manifests, notes)


def render_values_file(path: Path) -> Rendered:
    return render_chart(yaml.safe_load(path.read_text()) or {})


@pytest.fixture(params=VALUES_FILES, ids=[path.stem for path in VALUES_FILES])
def values_file(request: pytest.FixtureRequest) -> Path:
    return Path(request.param)


@pytest.fixture
def rendered(values_file: Path) -> Rendered:
    """The chart rendered with one of the CI values files."""
    return render_values_file(values_file)


@pytest.fixture
def render() -> Callable[..., Rendered]:
    return render_chart


@pytest.fixture
def surface() -> Callable[[str | None], SettingsSurface]:
    return settings_surface
