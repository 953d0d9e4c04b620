"""Alembic per service: each service keeps its own revisions and its own database.

A service's ``migrations/env.py`` is two lines (``run_env(metadata_tables)``); its first
revision calls ``create_messaging_tables()`` for the outbox and inbox.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import sqlalchemy as sa
from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import MetaData, Table

from benuo_runtime.db import make_engine, normalise_url


def alembic_config(script_location: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", normalise_url(database_url).replace("%", "%%"))
    return config


def upgrade(script_location: Path, database_url: str, revision: str = "head") -> None:
    """Bring a database to ``revision`` (what ``<service> migrate`` and the runner call)."""
    command.upgrade(alembic_config(script_location, database_url), revision)


def current_revision(script_location: Path, database_url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def run_env(tables: Iterable[Table]) -> None:
    """The body of every service's ``env.py``: online migrations for these tables only."""
    metadata = MetaData()
    for table in tables:
        table.to_metadata(metadata)
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None, "alembic_config() sets sqlalchemy.url"
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=metadata,
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
    finally:
        engine.dispose()


def create_messaging_tables() -> None:
    """Outbox and inbox, version 1. Call from a service's first revision."""
    op.create_table(
        "benuo_outbox",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.Uuid(), nullable=False, unique=True),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("event_type", sa.String(255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("headers", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(1000), nullable=True),
    )
    op.create_index("ix_benuo_outbox_published_at", "benuo_outbox", ["published_at"])
    op.create_index(
        "ix_benuo_outbox_pending",
        "benuo_outbox",
        ["id"],
        sqlite_where=sa.text("published_at IS NULL"),
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.create_table(
        "benuo_inbox",
        sa.Column("consumer", sa.String(200), primary_key=True),
        sa.Column("event_id", sa.Uuid(), primary_key=True),
        sa.Column("event_type", sa.String(255), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
    )


def drop_messaging_tables() -> None:
    op.drop_table("benuo_inbox")
    op.drop_index("ix_benuo_outbox_pending", table_name="benuo_outbox")
    op.drop_index("ix_benuo_outbox_published_at", table_name="benuo_outbox")
    op.drop_table("benuo_outbox")
