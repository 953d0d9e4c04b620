"""A year of daily staple prices through the economy service, with the early warning.

Run: ``python -m bench.economy_ingest`` (``--help`` for options).

Path measured: the real HTTP batch endpoint, ``POST /api/v1/economy/observations/batches``,
called in-process through FastAPI's TestClient as an economy officer: token check, request
validation, row checks, inserts, a ``price.recorded`` event per row in the outbox, and the
re-assessment of the market and regency-wide alerts with their events, all in one
transaction per market day. The outbox relay publishes to a real (embedded) nats-server
at the same time, in the same process, unless ``--no-nats``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, func, text
from sqlalchemy.engine import make_url
from sqlmodel import select

from benuo_economy.__main__ import MIGRATIONS
from benuo_economy.app import create_app
from benuo_economy.domain.calendar import wita_today
from benuo_economy.reference import commodity_rows, market_rows
from benuo_economy.settings import Settings
from benuo_runtime.auth import Principal, Role, TokenIssuer, generate_signing_key
from benuo_runtime.db import normalise_url
from benuo_runtime.embedded import free_port, nats_server
from benuo_runtime.messaging.tables import OutboxMessage
from benuo_runtime.migrations import upgrade

BATCHES = "/api/v1/economy/observations/batches"
TYPICAL_PRICE = {
    "BAWANG-PUTIH": 38000,
    "CABAI-MERAH-BESAR": 45000,
    "CABAI-MERAH-KERITING": 48000,
    "CABAI-RAWIT-HIJAU": 42000,
    "GULA-PASIR": 17500,
    "MINYAK-GORENG": 18000,
}
RELAY_OFF = "off (the outbox only fills up)"
RELAY_ON = "on: embedded nats-server, publishing from the same process"
VOLATILE = {"CABAI-MERAH-BESAR", "CABAI-MERAH-KERITING", "CABAI-RAWIT-MERAH", "BAWANG-MERAH"}


def price_paths(
    codes: list[str], markets: list[str], days: int, seed: int
) -> dict[tuple[str, str], list[int]]:
    """Daily prices per (commodity, market): mean-reverting walks, with chilli and shallot
    shocks now and then (as after a failed harvest), never 5x in a day."""
    rng = random.Random(seed)
    references = {str(r["code"]): r["reference_price"] for r in commodity_rows()}
    paths: dict[tuple[str, str], list[int]] = {}
    for code in codes:
        base = float(references.get(code) or TYPICAL_PRICE[code]) * 0.95  # type: ignore[arg-type]
        daily_sd = 0.03 if code in VOLATILE else 0.008
        shocks = [rng.random() < (0.02 if code in VOLATILE else 0.004) for _ in range(days)]
        for market in markets:
            level, path = base * rng.uniform(0.97, 1.04), []
            for day in range(days):
                if shocks[day]:
                    level *= rng.uniform(1.15, 1.35)
                level += (base - level) * 0.05 + level * rng.gauss(0, daily_sd)
                path.append(round(level / 100) * 100)
            paths[code, market] = path
    return paths


@contextmanager
def database(postgres_admin_url: str | None, folder: Path) -> Iterator[str]:
    """A SQLite file, or a fresh PostgreSQL database dropped afterwards."""
    if not postgres_admin_url:
        yield f"sqlite:///{folder / 'economy.db'}"
        return
    name = f"benuo_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_url(postgres_admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(normalise_url(postgres_admin_url)).set(database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def economy_service(args: argparse.Namespace) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """The economy app on a migrated database, and an economy officer's headers."""
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="economy-bench-")))
        database_url = stack.enter_context(database(args.postgres, folder))
        upgrade(MIGRATIONS, database_url)
        nats_url = "nats://127.0.0.1:1"  # nothing listens there: the outbox only fills up
        if not args.no_nats:
            port = free_port()
            stack.enter_context(nats_server(port, folder / "jetstream"))
            nats_url = f"nats://127.0.0.1:{port}"
        issuer = TokenIssuer(
            generate_signing_key(), issuer="benuo-gateway", audience="benuo-services"
        )
        (folder / "jwks.json").write_text(json.dumps(issuer.jwks()))
        officer = Principal(
            subject="bench-officer", roles=frozenset({Role.OFFICER}), pillars=frozenset({"economy"})
        )
        headers = {"Authorization": f"Bearer {issuer.mint(officer, ttl_seconds=24 * 3600)}"}
        settings = Settings(
            database_url=database_url, nats_url=nats_url, auth_jwks_path=folder / "jwks.json"
        )
        yield stack.enter_context(TestClient(create_app(settings))), headers


@dataclass
class Figures:
    observations: int = 0
    batches: int = 0
    elapsed: float = 0.0
    cpu: float = 0.0
    latencies: list[float] = field(default_factory=list)
    events: Counter[str] = field(default_factory=Counter)
    drained_after: float | None = None
    reads: dict[str, float] = field(default_factory=dict)


def ingest(
    client: TestClient, headers: dict[str, str], paths: dict[tuple[str, str], list[int]],
    codes: list[str], markets: list[str], first_day: date, days: int, figures: Figures,
) -> None:  # fmt: skip
    started, cpu_started = time.perf_counter(), time.process_time()
    for offset in range(days):
        for market in markets:
            body = {
                "market_code": market,
                "observed_on": (first_day + timedelta(days=offset)).isoformat(),
                "prices": [{"commodity_code": c, "price": paths[c, market][offset]} for c in codes],
            }
            before = time.perf_counter()
            response = client.post(BATCHES, json=body, headers=headers)
            figures.latencies.append(time.perf_counter() - before)
            if response.status_code != 201:
                raise SystemExit(f"batch refused: {response.status_code} {response.text}")
            figures.batches += 1
            figures.observations += len(codes)
    figures.elapsed = time.perf_counter() - started
    figures.cpu = time.process_time() - cpu_started


def settle_and_read(
    client: TestClient, headers: dict[str, str], commodity: str, first_day: date, figures: Figures,
    *, relay: bool,
) -> None:  # fmt: skip
    runtime: Any = client.app.state.runtime  # type: ignore[attr-defined]
    if relay:
        started = time.perf_counter()
        while runtime.relay.stats().backlog and time.perf_counter() - started < 300:
            time.sleep(0.1)
        figures.drained_after = time.perf_counter() - started
    with runtime.sessions() as session:
        query = select(OutboxMessage.event_type, func.count()).group_by(OutboxMessage.event_type)
        figures.events.update(dict(session.exec(query).all()))
    for name, path, params in (
        ("price series, a year, regency-wide", "/api/v1/economy/prices/series",
         {"commodity_code": commodity, "date_from": first_day.isoformat()}),
        ("latest prices", "/api/v1/economy/prices/latest", {}),
        ("dashboard", "/api/v1/economy/dashboard", {}),
    ):  # fmt: skip
        before = time.perf_counter()
        response = client.get(path, params=params, headers=headers)
        figures.reads[name] = time.perf_counter() - before
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.text}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(args: argparse.Namespace, figures: Figures, markets: int, codes: int) -> None:
    ms = [latency * 1000 for latency in figures.latencies]
    tenth = max(1, len(ms) // 10)
    kinds = ", ".join(f"{kind.split('.')[3]} {n:,}" for kind, n in sorted(figures.events.items()))
    lines = [
        "Benuo economy: a year of staple prices through the batch endpoint, with early warning",
        f"  database          {'PostgreSQL' if args.postgres else 'SQLite (file, WAL)'}",
        f"  NATS relay        {RELAY_OFF if args.no_nats else RELAY_ON}",
        f"  path              POST {BATCHES} (in-process TestClient, officer token)",
        f"  data              {args.days} days x {markets} markets x {codes} commodities",
        f"  observations      {figures.observations:,} in {figures.batches:,} market-day batches",
        f"  elapsed           {figures.elapsed:,.1f} s",
        f"  throughput        {figures.observations / figures.elapsed:,.0f} observations/s "
        f"({figures.batches / figures.elapsed:,.1f} batches/s)",
        f"  CPU time          {figures.cpu:,.1f} s for this process (all its threads): "
        f"{figures.observations / figures.cpu:,.0f} observations per CPU-second",
        f"  batch latency     p50 {percentile(ms, 0.5):,.1f} ms, "
        f"p95 {percentile(ms, 0.95):,.1f} ms, p99 {percentile(ms, 0.99):,.1f} ms, "
        f"mean {statistics.fmean(ms):,.1f} ms",
        f"  growth            mean batch latency {statistics.fmean(ms[:tenth]):,.1f} ms in the "
        f"first tenth, {statistics.fmean(ms[-tenth:]):,.1f} ms in the last",
        f"  events written    {kinds}",
    ]  # fmt: skip
    if figures.drained_after is not None:
        lines.append(f"  outbox drained    {figures.drained_after:,.1f} s after the last batch")
    lines += [
        f"  read: {name:<35} {seconds * 1000:,.1f} ms" for name, seconds in figures.reads.items()
    ]
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--markets", type=int, default=6, choices=range(1, 7))
    parser.add_argument("--commodities", type=int, default=12, choices=range(1, 14))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--postgres", metavar="ADMIN_URL", help="run on a fresh PostgreSQL database"
    )
    parser.add_argument("--no-nats", action="store_true", help="leave the relay without a server")
    args = parser.parse_args()

    codes = [str(row["code"]) for row in commodity_rows()][: args.commodities]
    markets = [str(row["code"]) for row in market_rows()][: args.markets]
    paths = price_paths(codes, markets, args.days, args.seed)
    first_day = wita_today() - timedelta(days=args.days)
    figures = Figures()
    with economy_service(args) as (client, headers):
        ingest(client, headers, paths, codes, markets, first_day, args.days, figures)
        settle_and_read(client, headers, codes[0], first_day, figures, relay=not args.no_nats)
    report(args, figures, len(markets), len(codes))


if __name__ == "__main__":
    main()
