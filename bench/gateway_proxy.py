"""Gateway benchmark: proxied and cached reads against a service and a FastAPI hello-world.

    python -m bench.gateway_proxy [--seconds 10] [--connections 32]

Every server is a uvicorn process with the same settings (uvloop, httptools, no uvicorn
access log), pinned to one core with taskset; wrk drives them. All ratios come from one run.
Targets (issue 6): proxied GET (cache miss) >= 0.5x the service called directly; cached GET
through the gateway >= 1.0x a FastAPI hello-world. A second part measures the upstream HTTP
clients the gateway could use (aiohttp, httpx2) against the same tiny server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from benuo_gateway.__main__ import MIGRATIONS
from benuo_runtime.auth import Principal, Role, TokenIssuer, generate_signing_key
from benuo_runtime.embedded import free_port, redis_server, wait_for_port
from benuo_runtime.migrations import upgrade

GATEWAY_CORE, SERVICE_CORE = "0", "1"
NO_NATS = "nats://127.0.0.1:1"
UNLIMITED = {
    group: dict.fromkeys(("ip", "user", "key"), "1000000000/minute")
    for group in ("read", "write", "auth", "events")
}


@dataclass(frozen=True)
class Result:
    name: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def wrk(name: str, url: str, seconds: int, connections: int, headers: dict[str, str]) -> Result:
    args = ["wrk", "-t1", f"-c{connections}", "--latency"]
    for key, value in headers.items():
        args += ["-H", f"{key}: {value}"]
    subprocess.run([*args, "-d2s", url], check=True, capture_output=True)  # warm-up
    output = subprocess.run(
        [*args, f"-d{seconds}s", url], check=True, capture_output=True, text=True
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Result(
        name,
        rate,
        _percentile(output, "50%"),
        _percentile(output, "99%"),
        int(errors.group(1)) if errors else 0,
    )


def _percentile(output: str, label: str) -> float:
    match = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", output)
    assert match is not None, output
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


@contextmanager
def server(args: list[str], port: int, core: str, env: dict[str, str], log: Path) -> Iterator[str]:
    with log.open("ab") as out:
        process = subprocess.Popen(
            ["taskset", "-c", core, sys.executable, *args],
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port, timeout=60, process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(20)


def uvicorn_args(factory: str, port: int) -> list[str]:
    return [
        "-m", "uvicorn", "--factory", factory, "--port", str(port),
        "--no-access-log", "--log-level", "warning", "--no-server-header",
    ]  # fmt: skip


def run_proxy_benchmark(seconds: int, connections: int, folder: Path) -> list[Result]:
    key = generate_signing_key()
    (folder / "signing.pem").write_bytes(key)
    internal = TokenIssuer(key, issuer="benuo-gateway", audience="benuo-services")
    (folder / "jwks.json").write_text(json.dumps(internal.jwks()))
    users = TokenIssuer(key, issuer="benuo-local", audience="benuo-gateway")
    citizen = Principal(subject="bench-citizen", roles=frozenset({Role.CITIZEN}))
    common = {
        "AUTH_JWKS_PATH": str(folder / "jwks.json"),
        "NATS_URL": NO_NATS,
        "LOG_LEVEL": "INFO",
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }
    gateway_db = f"sqlite:///{folder / 'gateway.db'}"
    upgrade(MIGRATIONS, gateway_db)
    ports = {name: free_port() for name in ("redis", "service", "hello", "gateway")}
    path = "/api/v1/bench/facilities"
    with ExitStack() as stack:
        stack.enter_context(redis_server(ports["redis"], folder / "redis"))
        service = stack.enter_context(
            server(
                uvicorn_args("bench.gateway_apps:service_app", ports["service"]),
                ports["service"], SERVICE_CORE,
                {**common, "DATABASE_URL": f"sqlite:///{folder / 'service.db'}"},
                folder / "service.log",
            )
        )  # fmt: skip
        hello = stack.enter_context(
            server(
                uvicorn_args("bench.gateway_apps:hello_app", ports["hello"]),
                ports["hello"], GATEWAY_CORE, common, folder / "hello.log",
            )
        )  # fmt: skip
        gateway_env = {
            **common,
            "PORT": str(ports["gateway"]),
            "DATABASE_URL": gateway_db,
            "REDIS_URL": f"redis://127.0.0.1:{ports['redis']}/0",
            "AUTH_SIGNING_KEY_PATH": str(folder / "signing.pem"),
            "EXTRA_UPSTREAMS": json.dumps({"bench": service}),
            "RATE_LIMITS": json.dumps(UNLIMITED),
        }
        gateway = stack.enter_context(
            server(
                ["-m", "benuo_gateway", "serve"], ports["gateway"], GATEWAY_CORE,
                gateway_env, folder / "gateway.log",
            )
        )  # fmt: skip
        direct_token = {"Authorization": f"Bearer {internal.mint(citizen, ttl_seconds=3600)}"}
        user_token = {"Authorization": f"Bearer {users.mint(citizen, ttl_seconds=3600)}"}
        assert httpx.get(gateway + path, headers=user_token).status_code == 200
        assert httpx.get(gateway + path).status_code == 200
        assert httpx.get(gateway + path).headers["x-cache"] == "hit"
        runs = [
            ("FastAPI hello-world", f"{hello}/hello", {}),
            ("service, called directly", service + path, direct_token),
            ("gateway, proxied (signed in: never cached)", gateway + path, user_token),
            ("gateway, cached public read", gateway + path, {}),
        ]
        return [wrk(name, url, seconds, connections, headers) for name, url, headers in runs]


def client_only(kind: str, url: str, total: int, concurrency: int) -> float:
    """Requests per second one client sustains against ``url`` (run pinned to one core)."""

    async def run() -> float:
        remaining = total

        async def worker(fetch: object) -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                await fetch()  # type: ignore[operator]

        if kind == "aiohttp":
            import aiohttp

            async with aiohttp.ClientSession() as session:

                async def fetch() -> None:
                    async with session.get(url) as response:
                        await response.read()

                started = time.perf_counter()
                await asyncio.gather(*(worker(fetch) for _ in range(concurrency)))
        else:
            import httpx2

            async with httpx2.AsyncClient() as client:

                async def fetch() -> None:
                    (await client.get(url)).read()

                started = time.perf_counter()
                await asyncio.gather(*(worker(fetch) for _ in range(concurrency)))
        return total / (time.perf_counter() - started)

    import uvloop

    return uvloop.run(run())


def run_client_benchmark(folder: Path, total: int, concurrency: int) -> dict[str, float]:
    port = free_port()
    common = {"PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    results = {}
    with server(
        uvicorn_args("bench.gateway_apps:hello_app", port),
        port,
        SERVICE_CORE,
        common,
        folder / "c.log",
    ) as url:
        for kind in ("aiohttp", "httpx2"):
            output = subprocess.run(
                ["taskset", "-c", GATEWAY_CORE, sys.executable, "-m", "bench.gateway_proxy",
                 "--client", kind, f"{url}/hello", "--total", str(total),
                 "--connections", str(concurrency)],
                check=True, capture_output=True, text=True, env={**os.environ, **common},
            ).stdout  # fmt: skip
            results[kind] = float(output.strip())
    return results


def report(results: list[Result], clients: dict[str, float]) -> str:
    hello, direct, proxied, cached = results
    lines = [
        "Gateway benchmark (wrk -t1, servers pinned to one core each)",
        f"{'':44} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}",
    ]
    for r in results:
        lines.append(
            f"{r.name:44} {r.requests_per_second:9.0f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} {r.errors:8}"
        )
    proxy_ratio = proxied.requests_per_second / direct.requests_per_second
    cache_ratio = cached.requests_per_second / hello.requests_per_second
    lines += [
        "",
        f"proxied / direct service: {proxy_ratio:.2f}x (target >= 0.5x) "
        + ("OK" if proxy_ratio >= 0.5 else "MISSED"),
        f"cached / FastAPI hello-world: {cache_ratio:.2f}x (target >= 1.0x) "
        + ("OK" if cache_ratio >= 1.0 else "MISSED"),
        "",
        "Upstream HTTP client alone, against a FastAPI hello-world (client on one core):",
    ]
    lines += [f"  {kind:8} {rate:8.0f} req/s" for kind, rate in clients.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--client", help=argparse.SUPPRESS)
    parser.add_argument("url", nargs="?", help=argparse.SUPPRESS)
    parser.add_argument("--total", type=int, default=5000, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        print(client_only(args.client, args.url, args.total, args.connections))
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: `apt-get install -y wrk` (Debian/Ubuntu), then run again.")
    if shutil.which("taskset") is None:
        sys.exit("taskset is missing (util-linux): it pins each server to one core.")
    with tempfile.TemporaryDirectory(prefix="benuo-bench-") as folder:
        results = run_proxy_benchmark(args.seconds, args.connections, Path(folder))
        clients = run_client_benchmark(Path(folder), args.total, args.connections)
    print(report(results, clients))


if __name__ == "__main__":
    main()
