"""Waiting for conditions, reading streams, running a service as a real process."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import httpx
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from benuo_runtime.embedded import free_port

T = TypeVar("T")


def wait_until(
    condition: Callable[[], T], *, timeout: float = 20.0, interval: float = 0.05, what: str = ""
) -> T:
    """Poll ``condition`` until it returns something truthy; that value is returned."""
    deadline = time.monotonic() + timeout
    last: T = condition()
    while not last:
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or condition}")
        time.sleep(interval)
        last = condition()
    return last


async def wait_until_async(
    condition: Callable[[], Awaitable[T]],
    *,
    timeout: float = 20.0,
    interval: float = 0.05,
    what: str = "",
) -> T:
    deadline = time.monotonic() + timeout
    last = await condition()
    while not last:
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or condition}")
        await asyncio.sleep(interval)
        last = await condition()
    return last


async def read_stream(js: JetStreamContext, stream: str, subject: str = ">") -> list[Any]:
    """Every message currently stored in ``stream`` (matching ``subject``), oldest first."""
    info = await js.stream_info(stream)
    total = info.state.messages
    if total == 0:
        return []
    subscription = await js.pull_subscribe(
        subject,
        stream=stream,
        config=ConsumerConfig(
            ack_policy=AckPolicy.NONE, deliver_policy=DeliverPolicy.ALL, inactive_threshold=30
        ),
    )
    messages: list[Any] = []
    try:
        while True:
            try:
                batch = await subscription.fetch(min(1000, max(total, 1)), timeout=1.0)
            except TimeoutError:
                break
            messages.extend(batch)
            if messages and messages[-1].metadata.num_pending == 0:
                break
    finally:
        await subscription.unsubscribe()
    return messages


class ServiceProcess:
    """A service run as its own OS process (``python -m <module> serve``), like production."""

    def __init__(
        self, module: str, env: Mapping[str, str], *, log_path: Path, port: int | None = None
    ) -> None:
        self.module = module
        self.port = port or free_port()
        self.env = {**os.environ, **env, "PORT": str(self.port), "HOST": "127.0.0.1"}
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def migrate(self) -> None:
        subprocess.run(
            [sys.executable, "-m", self.module, "migrate"],
            env=self.env,
            check=True,
            capture_output=True,
        )

    def launch(self) -> ServiceProcess:
        """Start the process without waiting (to start several at once)."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", self.module, "serve"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self

    def wait_ready(self, *, ready: bool = False, timeout: float = 60.0) -> ServiceProcess:
        """Wait for ``/healthz`` (or ``/readyz`` with ``ready``) to answer 200."""
        path = "/readyz" if ready else "/healthz"

        def answers() -> bool:
            assert self.process is not None
            if self.process.poll() is not None:
                raise AssertionError(f"{self.module} exited; see {self.log_path}:\n{self.logs()}")
            try:
                return httpx.get(self.url + path, timeout=1.0).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(answers, timeout=timeout, what=f"{self.module} on {self.url}{path}")
        return self

    def start(self, *, ready: bool = False, timeout: float = 60.0) -> ServiceProcess:
        return self.launch().wait_ready(ready=ready, timeout=timeout)

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]

    def stop(self, timeout: float = 20.0) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return None if self.process is None else self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
