"""``benuo``: run Benuo locally, and look after it anywhere.

benuo up                      start everything on this machine (what `make run` does)
benuo migrate [SERVICE...]    apply database migrations
benuo streams provision       create or update the JetStream streams (idempotent)
benuo streams info            streams, consumers and their lag
benuo dlq list                dead letters, oldest first
benuo dlq replay SEQ...       publish dead letters again, then remove them
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Annotated

import typer

from benuo_cli import local
from benuo_cli.nats_access import NatsAccess, jetstream
from benuo_cli.services import SERVICES
from benuo_cli.status import register as register_status
from benuo_runtime.messaging.dlq import list_dead_letters, replay_dead_letter
from benuo_runtime.messaging.streams import pillar_streams, provision_streams
from benuo_runtime.settings import ServiceSettings

app = typer.Typer(
    help="Run Benuo locally, and look after it anywhere.",
    no_args_is_help=True,
    add_completion=False,
)
streams_app = typer.Typer(help="JetStream streams.", no_args_is_help=True)
dlq_app = typer.Typer(help="Dead letters (the DLQ stream).", no_args_is_help=True)
app.add_typer(streams_app, name="streams")
app.add_typer(dlq_app, name="dlq")
register_status(app)

NatsUrl = Annotated[str, typer.Option("--nats-url", help="NATS server (env NATS_URL)")]
Creds = Annotated[
    str | None, typer.Option("--creds", envvar="NATS_CREDS_FILE", help="NATS credentials file")
]


@app.command()
def up() -> None:
    """Start the whole platform locally; Ctrl-C stops everything it started."""
    raise typer.Exit(local.run(os.environ))


@app.command()
def migrate(
    services: Annotated[list[str] | None, typer.Argument(help="services (default: all)")] = None,
) -> None:
    """Apply each service's migrations to ``<SERVICE>_DATABASE_URL`` (or ``DATABASE_URL``)."""
    from importlib import import_module

    from benuo_runtime.migrations import upgrade

    known = {spec.name: spec for spec in SERVICES if spec.installed}
    wanted = services or list(known)
    unknown = sorted(set(wanted) - set(known))
    if unknown:
        typer.echo(f"unknown service(s): {', '.join(unknown)}; known: {', '.join(known)}", err=True)
        raise typer.Exit(2)
    for name in wanted:
        spec = known[name]
        url = os.environ.get(spec.database_variable) or os.environ.get("DATABASE_URL")
        if not url:
            typer.echo(f"set {spec.database_variable} (or DATABASE_URL) for {name}", err=True)
            raise typer.Exit(2)
        upgrade(import_module(f"{spec.module}.__main__").MIGRATIONS, url)
        typer.echo(f"{name}: migrated")


@streams_app.command("provision")
def streams_provision(
    nats_url: NatsUrl = "",
    creds: Creds = None,
    max_age_days: Annotated[
        float | None, typer.Option(help="retention (STREAM_MAX_AGE_DAYS)")
    ] = None,
    replicas: Annotated[int | None, typer.Option(help="replicas (STREAM_REPLICAS)")] = None,
) -> None:
    """Create missing streams and update changed ones; running it twice changes nothing."""
    settings = ServiceSettings()
    age = (max_age_days or settings.stream_max_age_days) * 86_400

    async def provision() -> list[str]:
        async with jetstream(NatsAccess.from_env(nats_url, creds)) as js:
            return await provision_streams(
                js,
                pillar_streams(),
                max_age_seconds=age,
                duplicate_window_seconds=settings.stream_duplicate_window_seconds,
                replicas=replicas or settings.stream_replicas,
            )

    for line in asyncio.run(provision()):
        typer.echo(line)


@streams_app.command("info")
def streams_info(nats_url: NatsUrl = "", creds: Creds = None) -> None:
    """Each stream's size and each durable consumer's backlog."""

    async def info() -> None:
        async with jetstream(NatsAccess.from_env(nats_url, creds)) as js:
            for stream in await js.streams_info():
                state, config = stream.state, stream.config
                typer.echo(
                    f"{config.name}: {state.messages} messages, {state.bytes} bytes, "
                    f"subjects {', '.join(config.subjects or [])}"
                )
                assert config.name is not None
                for consumer in await js.consumers_info(config.name):
                    typer.echo(
                        f"  {consumer.name}: {consumer.num_pending} pending, "
                        f"{consumer.num_ack_pending} awaiting ack, "
                        f"{consumer.num_redelivered} redelivered"
                    )

    asyncio.run(info())


@dlq_app.command("list")
def dlq_list(
    nats_url: NatsUrl = "",
    creds: Creds = None,
    consumer: Annotated[str | None, typer.Option(help="only this consumer's")] = None,
    limit: int = 100,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per line")] = False,
) -> None:
    """Dead letters with their consumer, original subject, delivery count and error."""

    async def listing() -> None:
        async with jetstream(NatsAccess.from_env(nats_url, creds)) as js:
            letters = await list_dead_letters(js, consumer=consumer, limit=limit)
        for letter in letters:
            if as_json:
                typer.echo(json.dumps(letter.summary()))
            else:
                typer.echo(
                    f"#{letter.sequence} {letter.consumer} {letter.original_subject} "
                    f"({letter.event_type or 'unparsable'}, {letter.delivery_count} deliveries, "
                    f"{letter.failed_at}): {letter.error}"
                )
        if not letters and not as_json:
            typer.echo("no dead letters")

    asyncio.run(listing())


@dlq_app.command("replay")
def dlq_replay(
    sequences: Annotated[list[int], typer.Argument(help="DLQ sequence numbers (see `dlq list`)")],
    nats_url: NatsUrl = "",
    creds: Creds = None,
) -> None:
    """Publish dead letters again on their original subjects, then remove them from the DLQ.

    Fix the cause first. Consumers that already applied an event skip it (inbox).
    """

    async def replay() -> None:
        async with jetstream(NatsAccess.from_env(nats_url, creds)) as js:
            for sequence in sequences:
                letter = await replay_dead_letter(js, sequence)
                typer.echo(f"#{sequence} replayed to {letter.original_subject}")

    asyncio.run(replay())
