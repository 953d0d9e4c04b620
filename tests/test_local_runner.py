"""`make run` (``benuo up``): everything starts, answers, and stops without leftovers."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from benuo_cli.services import SERVICES
from benuo_runtime.embedded import free_port, pid_alive
from benuo_runtime.testing import wait_until
from benuo_runtime.testing.plugin import NatsFixture

pytestmark = pytest.mark.slow


def runner_env(state: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_URL", "_PORT"))}
    env.update({spec.port_variable: str(free_port()) for spec in SERVICES})
    env.update(BENUO_STATE_DIR=str(state), BENUO_REDIS_PORT=str(free_port()), **extra)
    return env


def read_until(process: subprocess.Popen[str], marker: str, timeout: float) -> str:
    assert process.stdout is not None
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if marker in line:
            return "".join(seen)
    raise AssertionError(f"no {marker!r} within {timeout}s; output:\n{''.join(seen)}")


def test_up_starts_every_service_and_ctrl_c_stops_everything(
    tmp_path: Path, nats_fixture: NatsFixture
) -> None:
    env = runner_env(tmp_path / "state", NATS_URL=nats_fixture.url)
    runner = subprocess.Popen(
        [sys.executable, "-m", "benuo_cli", "up"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        output = read_until(runner, "Press Ctrl-C to stop.", timeout=150)
    finally:
        if runner.poll() is not None:
            pytest.fail(f"runner exited early:\n{runner.stdout.read() if runner.stdout else ''}")
    pids = [int(pid) for pid in re.findall(r"\(pid (\d+)\)", output)]
    assert "started NATS" not in output, "NATS_URL is given: the runner must use it"
    assert "started Redis" in output
    assert len(pids) == len(SERVICES) + 1
    for spec in SERVICES:
        port = env[spec.port_variable]
        assert f"started {spec.name} on http://127.0.0.1:{port}" in output
        assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200
        assert (tmp_path / "state" / f"{spec.name}.db").exists()
    assert f"gateway:  http://127.0.0.1:{env['BENUO_GATEWAY_PORT']}" in output

    runner.send_signal(signal.SIGINT)
    assert runner.wait(timeout=60) == 0
    wait_until(lambda: not any(pid_alive(pid) for pid in pids), timeout=10, what="no leftovers")


def test_a_taken_port_is_named_with_the_variable_that_moves_it(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        env = runner_env(tmp_path / "state", BENUO_GOVERNANCE_PORT=str(port))
        result = subprocess.run(
            [sys.executable, "-m", "benuo_cli", "up"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert f"port {port} (governance) is already in use" in result.stdout
    assert "BENUO_GOVERNANCE_PORT" in result.stdout
