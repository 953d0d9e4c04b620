"""``benuo up``: the whole platform on one machine, each service its own process.

With nothing configured it starts an embedded NATS (JetStream) and Redis from their PyPI
packages and gives every service a SQLite file; ``NATS_URL``, ``REDIS_URL`` and
``<SERVICE>_DATABASE_URL`` make it use existing ones instead. Ctrl-C or SIGTERM stops
everything it started.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from benuo_cli.keys import ensure_local_keys
from benuo_cli.services import SERVICES, ServiceSpec
from benuo_runtime.embedded import EmbeddedServer, nats_server, port_in_use, redis_server

DEFAULT_NATS_PORT = 14222
DEFAULT_REDIS_PORT = 16379


class RunnerError(Exception):
    """Something the operator must fix; the message says what."""


@dataclass
class LocalConfig:
    state_dir: Path
    nats_url: str | None
    redis_url: str | None
    nats_port: int
    redis_port: int
    services: list[ServiceSpec]
    ports: dict[str, int]
    database_urls: dict[str, str]
    ready_timeout: float = 90.0
    # Set in every service's environment on top of the runner's own (e.g. OTEL_* in tests).
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> LocalConfig:
        state = Path(env.get("BENUO_STATE_DIR", ".benuo")).resolve()
        services = [spec for spec in SERVICES if spec.installed]
        return cls(
            state_dir=state,
            nats_url=env.get("NATS_URL") or None,
            redis_url=env.get("REDIS_URL") or None,
            nats_port=_port(env, "BENUO_NATS_PORT", DEFAULT_NATS_PORT),
            redis_port=_port(env, "BENUO_REDIS_PORT", DEFAULT_REDIS_PORT),
            services=services,
            ports={s.name: _port(env, s.port_variable, s.default_port) for s in services},
            database_urls={
                s.name: env.get(s.database_variable) or f"sqlite:///{state / f'{s.name}.db'}"
                for s in services
            },
            ready_timeout=float(env.get("BENUO_READY_TIMEOUT", "90")),
        )

    def ports_taken(self) -> list[str]:
        """One line per port we would start something on that is already in use."""
        wanted = [(s.name, self.ports[s.name], s.port_variable) for s in self.services]
        if self.nats_url is None:
            wanted.append(("embedded NATS", self.nats_port, "BENUO_NATS_PORT"))
        if self.redis_url is None:
            wanted.append(("embedded Redis", self.redis_port, "BENUO_REDIS_PORT"))
        return [
            f"port {port} ({what}) is already in use: stop what holds it or set {variable}"
            for what, port, variable in wanted
            if port_in_use(port)
        ]


def _port(env: Mapping[str, str], variable: str, default: int) -> int:
    value = env.get(variable, str(default))
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise RunnerError(f"{variable}={value!r} is not a port number")
    return int(value)


@dataclass
class RunningService:
    spec: ServiceSpec
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path


@dataclass
class LocalPlatform:
    config: LocalConfig
    say: Callable[[str], None] = print
    infrastructure: list[EmbeddedServer] = field(default_factory=list)
    running: list[RunningService] = field(default_factory=list)
    # What each service was started with, so one can be started again the same way.
    environments: dict[str, dict[str, str]] = field(default_factory=dict)
    interrupted: threading.Event = field(default_factory=threading.Event)
    _logs: list[IO[bytes]] = field(default_factory=list)

    @property
    def nats_url(self) -> str:
        return self.config.nats_url or f"nats://127.0.0.1:{self.config.nats_port}"

    @property
    def redis_url(self) -> str:
        return self.config.redis_url or f"redis://127.0.0.1:{self.config.redis_port}/0"

    def start(self) -> None:
        config = self.config
        taken = config.ports_taken()
        if taken:
            raise RunnerError("cannot start:\n  " + "\n  ".join(taken))
        (config.state_dir / "logs").mkdir(parents=True, exist_ok=True)
        signing_key, jwks = ensure_local_keys(config.state_dir / "keys")
        self._start_infrastructure()
        base_env = {
            **os.environ,
            "ENVIRONMENT": "local",
            "NATS_URL": self.nats_url,
            "REDIS_URL": self.redis_url,
            "AUTH_JWKS_PATH": str(jwks),
            "AUTH_SIGNING_KEY_PATH": str(signing_key),
            "PROVISION_STREAMS": "true",
            "HOST": "127.0.0.1",
            **config.extra_env,
        }
        upstreams = {
            f"{s.name.upper()}_URL": f"http://127.0.0.1:{config.ports[s.name]}"
            for s in config.services
            if s.name != "gateway"
        }
        self.environments = environments = {
            spec.name: {
                **base_env,
                **(upstreams if spec.name == "gateway" else {}),
                "PORT": str(config.ports[spec.name]),
                "DATABASE_URL": config.database_urls[spec.name],
            }
            for spec in config.services
        }
        # Each step runs for all services at once: Python start-up dominates, not the work.
        self._migrate_all(environments)
        for spec in config.services:
            self.running.append(self._spawn(spec, environments[spec.name]))
        for service in self.running:
            self._wait_ready(service)

    def _start_infrastructure(self) -> None:
        config = self.config
        if config.nats_url is None:
            log = self._log("nats")
            server = nats_server(config.nats_port, config.state_dir / "jetstream", log=log)
            self.infrastructure.append(server.start())
            self.say(f"started NATS with JetStream on {self.nats_url} (pid {server.pid})")
        if config.redis_url is None:
            server = redis_server(
                config.redis_port, config.state_dir / "redis", log=self._log("redis")
            )
            self.infrastructure.append(server.start())
            self.say(f"started Redis on {self.redis_url} (pid {server.pid})")

    def _log(self, name: str) -> IO[bytes]:
        handle = (self.config.state_dir / "logs" / f"{name}.log").open("ab")
        self._logs.append(handle)
        return handle

    def _migrate_all(self, environments: dict[str, dict[str, str]]) -> None:
        started = {
            spec.name: subprocess.Popen(
                [sys.executable, "-m", spec.module, "migrate"],
                env=environments[spec.name],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for spec in self.config.services
        }
        failures = []
        for name, process in started.items():
            output, _ = process.communicate()
            if process.returncode != 0:
                failures.append(
                    f"migrating {name} failed:\n{output.decode(errors='replace')[-3000:]}"
                )
        if failures:
            raise RunnerError("\n".join(failures))
        self.say(f"migrated {', '.join(started)}")

    def _spawn(self, spec: ServiceSpec, env: dict[str, str]) -> RunningService:
        log_path = self.config.state_dir / "logs" / f"{spec.name}.log"
        process = subprocess.Popen(
            [sys.executable, "-m", spec.module, "serve"],
            env=env,
            stdout=self._log(spec.name),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        port = self.config.ports[spec.name]
        self.say(f"started {spec.name} on http://127.0.0.1:{port} (pid {process.pid})")
        return RunningService(spec, port, process, log_path)

    def respawn(self, name: str) -> RunningService:
        """Start a service that stopped (or was killed) again, as it was started, and wait
        until it is ready: how tests show that nothing is lost while a service is down."""
        index, old = next((i, s) for i, s in enumerate(self.running) if s.spec.name == name)
        if old.process.poll() is None:
            raise RunnerError(f"{name} is still running (pid {old.process.pid})")
        service = self.running[index] = self._spawn(old.spec, self.environments[name])
        self._wait_ready(service)
        return service

    def _wait_ready(self, service: RunningService) -> None:
        deadline = time.monotonic() + self.config.ready_timeout
        url = f"http://127.0.0.1:{service.port}/readyz"
        while time.monotonic() < deadline:
            if self.interrupted.is_set():
                raise RunnerError("interrupted while starting")
            if service.process.poll() is not None:
                raise RunnerError(
                    f"{service.spec.name} exited with {service.process.returncode}; "
                    f"last lines of {service.log_path}:\n{_tail(service.log_path)}"
                )
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(url, timeout=1) as response,
            ):
                if response.status == 200:
                    return
            time.sleep(0.2)
        raise RunnerError(
            f"{service.spec.name} was not ready within {self.config.ready_timeout:.0f}s; "
            f"see {url} and {service.log_path}"
        )

    def exited(self) -> RunningService | None:
        """A service that stopped on its own, if any."""
        return next((s for s in self.running if s.process.poll() is not None), None)

    def stop(self, grace_seconds: float = 20.0) -> None:
        """Gateway first, then the pillars, then Redis and NATS; nothing is left running."""
        for service in reversed(self.running):
            if service.process.poll() is None:
                service.process.terminate()
        deadline = time.monotonic() + grace_seconds
        for service in reversed(self.running):
            try:
                service.process.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                service.process.kill()
                service.process.wait()
        for server in reversed(self.infrastructure):
            server.stop()
        for handle in self._logs:
            handle.close()


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def sign_in_hint(base_url: str) -> str:
    try:
        from benuo_gateway.local import sign_in_hint as gateway_hint
    except ImportError:
        return f"Sign in: see {base_url}/docs"
    hint: str = gateway_hint(base_url)
    return hint


def run(env: Mapping[str, str], say: Callable[[str], None] = print) -> int:
    """Start everything, report, wait for Ctrl-C/SIGTERM or a crash, stop everything."""
    platform = LocalPlatform(LocalConfig.from_env(env), say)
    stop = platform.interrupted

    def request_stop(signum: int, _frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        platform.start()
        gateway = platform.config.ports.get("gateway")
        base = f"http://127.0.0.1:{gateway}" if gateway else None
        say("")
        say("Benuo is running.")
        if base:
            say(f"  gateway:  {base}   (API docs: {base}/docs, events: {base}/asyncapi.json)")
            say("  " + sign_in_hint(base).replace("\n", "\n  "))
        say(f"  NATS:     {platform.nats_url}")
        say(f"  logs:     {platform.config.state_dir / 'logs'}")
        say("Press Ctrl-C to stop.")
        while not stop.wait(0.5):
            crashed = platform.exited()
            if crashed is not None:
                say(
                    f"{crashed.spec.name} stopped unexpectedly ({crashed.process.returncode}); "
                    f"last lines of {crashed.log_path}:\n{_tail(crashed.log_path)}"
                )
                return 1
        say("stopping...")
        return 0
    except RunnerError as error:
        say(f"error: {error}")
        return 2
    finally:
        platform.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        say("stopped.")
