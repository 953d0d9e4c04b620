"""``benuo status`` against the kmock Kubernetes API emulator and a real NATS server.

The cluster objects are the chart's own rendered Deployments and Jobs (so the labels
`benuo status` selects by are the chart's), with the status a controller would report.
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from nats.aio.client import Client
from nats.js.api import ConsumerConfig
from typer.testing import CliRunner

from benuo_cli.main import app
from benuo_contract import lookup, new_event, type_of
from benuo_runtime.embedded import free_port
from benuo_runtime.messaging.streams import pillar_streams, provision_streams

NAMESPACE = "benuo"
LAGGING = "living-governance"  # a durable like the living service's


def _kubeconfig(tmp_path: Path, server: str) -> Path:
    path = tmp_path / "kubeconfig"
    path.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "clusters": [{"name": "emulator", "cluster": {"server": server}}],
                "users": [{"name": "operator", "user": {}}],
                "contexts": [
                    {"name": "emulator", "context": {"cluster": "emulator", "user": "operator"}}
                ],
                "current-context": "emulator",
            }
        )
    )
    return path


def _pod(deployment: dict[str, Any], index: int, restarts: int, waiting: str | None) -> dict:
    template = deployment["spec"]["template"]
    name = f"{deployment['metadata']['name']}-7d9f-{index}"
    state = {"waiting": {"reason": waiting}} if waiting else {"running": {}}
    container = template["spec"]["containers"][0]
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": name,
            "namespace": NAMESPACE,
            "labels": template["metadata"]["labels"],
        },
        "spec": {"containers": [{"name": container["name"], "image": container["image"]}]},
        "status": {
            "phase": "Running",
            "containerStatuses": [
                {
                    "name": container["name"],
                    "image": container["image"],
                    "imageID": "sha256:0",
                    "ready": waiting is None,
                    "restartCount": restarts,
                    "state": state,
                }
            ],
        },
    }


def _seed(
    emulator: Any,
    rendered: Any,
    *,
    namespace: str = NAMESPACE,
    not_ready: set[str] = frozenset(),
    crashing: set[str] = frozenset(),
    failed_jobs: set[str] = frozenset(),
) -> None:
    """The release as the API server would show it after the controllers did their work."""
    for source in rendered.of("Deployment"):
        deployment = copy.deepcopy(source)
        name = deployment["metadata"]["name"]
        deployment["metadata"]["namespace"] = namespace
        deployment["spec"]["replicas"] = 2  # what the autoscaler chose
        ready = 1 if name in not_ready else 2
        deployment["status"] = {"replicas": 2, "readyReplicas": ready, "updatedReplicas": 2}
        emulator.objects["apps/v1/deployments", namespace, name] = deployment
        for index in range(2):
            crash = name in crashing and index == 0
            pod = _pod(deployment, index, 7 if crash else 0, "CrashLoopBackOff" if crash else None)
            pod["metadata"]["namespace"] = namespace
            emulator.objects["v1/pods", namespace, pod["metadata"]["name"]] = pod
    for source in rendered.of("Job"):
        job = copy.deepcopy(source)
        name = job["metadata"]["name"]
        job["metadata"]["namespace"] = namespace
        condition = (
            {"type": "Failed", "status": "True", "reason": "BackoffLimitExceeded"}
            if name in failed_jobs
            else {"type": "Complete", "status": "True"}
        )
        job["status"] = {"conditions": [condition]}
        emulator.objects["batch/v1/jobs", namespace, name] = job


async def _consumer_with_backlog(nats_client: Client, pending: int) -> None:
    js = nats_client.jetstream()
    await provision_streams(
        js, pillar_streams(), max_age_seconds=3600, duplicate_window_seconds=120
    )
    await js.add_consumer(
        "GOVERNANCE", ConsumerConfig(durable_name=LAGGING, filter_subject="ppu.governance.>")
    )
    example = lookup("ppu.governance.request.created.v1").example
    for _ in range(pending):
        event = new_event(example)
        await js.publish(
            type_of(example).subject, event.to_json(), headers={"Nats-Msg-Id": str(event.id)}
        )


async def _status(kubeconfig: Path, *arguments: str) -> tuple[int, str]:
    runner = CliRunner()
    result = await asyncio.to_thread(
        runner.invoke,
        app,
        ["status", "--kubeconfig", str(kubeconfig), "-n", NAMESPACE, *arguments],
        env={"NATS_URL": "", "KUBECONFIG": ""},
    )
    return result.exit_code, result.output


def _failures(output: str) -> set[tuple[str, str]]:
    report = json.loads(output)
    return {(check["kind"], check["name"]) for check in report["checks"] if not check["ok"]}


@pytest.fixture
def default_release(render: Callable[..., Any]) -> Any:
    return render({})


async def test_a_healthy_release_reports_healthy_and_exits_zero(
    kmock: Any, default_release: Any, nats_client: Client, nats_url: str, tmp_path: Path
) -> None:
    _seed(kmock, default_release)
    _seed(kmock, default_release, namespace="staging", not_ready={"benuo-gateway"})
    await _consumer_with_backlog(nats_client, pending=3)
    code, output = await _status(
        _kubeconfig(tmp_path, str(kmock.url)), "--nats-url", nats_url, "--max-lag", "5", "--json"
    )
    assert code == 0, output
    report = json.loads(output)
    assert report["healthy"] is True
    names = {(check["kind"], check["name"]) for check in report["checks"]}
    services = ("gateway", "governance", "economy", "living")
    assert {("deployment", f"benuo-{s}") for s in services} <= names
    assert {("job", f"benuo-migrate-{s}") for s in services} | {("job", "benuo-streams")} <= names
    assert sum(kind == "pod" for kind, _ in names) == 8
    lag = next(c for c in report["checks"] if c["name"] == f"GOVERNANCE/{LAGGING}")
    assert lag["detail"].startswith("3 pending")


async def test_an_unhealthy_release_names_every_problem_and_exits_one(
    kmock: Any, default_release: Any, nats_client: Client, nats_url: str, tmp_path: Path
) -> None:
    _seed(
        kmock,
        default_release,
        not_ready={"benuo-governance"},
        crashing={"benuo-living"},
        failed_jobs={"benuo-migrate-economy"},
    )
    await _consumer_with_backlog(nats_client, pending=5)
    kubeconfig = _kubeconfig(tmp_path, str(kmock.url))
    code, output = await _status(kubeconfig, "--nats-url", nats_url, "--max-lag", "2", "--json")
    assert code == 1, output
    assert _failures(output) == {
        ("deployment", "benuo-governance"),
        ("pod", "benuo-living-7d9f-0"),
        ("job", "benuo-migrate-economy"),
        ("consumer", f"GOVERNANCE/{LAGGING}"),
    }
    code, text = await _status(kubeconfig, "--nats-url", nats_url, "--max-lag", "2")
    assert code == 1
    assert "UNHEALTHY" in text
    assert "failed (BackoffLimitExceeded)" in text
    assert "7 restarts, CrashLoopBackOff" in text


async def test_a_release_that_is_not_there_or_a_nats_that_is_not_is_unhealthy(
    kmock: Any, default_release: Any, tmp_path: Path
) -> None:
    kubeconfig = _kubeconfig(tmp_path, str(kmock.url))
    _seed(kmock, default_release, namespace="elsewhere")
    code, output = await _status(kubeconfig, "--json")
    assert code == 1
    assert _failures(output) == {("release", "benuo")}
    _seed(kmock, default_release)
    dead_nats = f"nats://127.0.0.1:{free_port()}"
    code, output = await _status(kubeconfig, "--nats-url", dead_nats, "--json")
    assert code == 1
    assert _failures(output) == {("nats", dead_nats)}


async def test_an_unreachable_cluster_exits_two(tmp_path: Path) -> None:
    kubeconfig = _kubeconfig(tmp_path, f"http://127.0.0.1:{free_port()}")
    code, output = await _status(kubeconfig)
    assert code == 2
    assert "cannot read release benuo in benuo" in output
