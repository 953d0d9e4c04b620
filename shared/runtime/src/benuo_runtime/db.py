"""Engines and sessions: SQLite on a laptop, PostgreSQL in production, one code path."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy
from fastapi import Depends, Request
from sqlalchemy import Engine, Table, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, SQLModel

SessionFactory = sessionmaker[Session]
# Execution option for a connection that will only read: on SQLite it begins a deferred
# transaction, which never waits for (or blocks) the writers of other processes.
READ_ONLY = "benuo_read_only"


def normalise_url(url: str) -> str:
    """Let operators write ``postgresql://``; we speak psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, **options: Any) -> Engine:
    """An engine with the settings every service wants for its database."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        return _sqlite_engine(url, **options)
    options.setdefault("pool_pre_ping", True)
    options.setdefault("pool_size", 10)
    options.setdefault("max_overflow", 10)
    return sqlalchemy.create_engine(url, **options)


def _sqlite_engine(url: str, **options: Any) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    options.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
    engine = sqlalchemy.create_engine(url, **options)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below), so the driver must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    _queue_writers(engine)

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Any) -> None:
        # A deferred transaction that reads and then writes fails at once with
        # "database is locked" when another process wrote in between; taking the
        # write lock up front makes concurrent writers wait instead. A connection that
        # only reads says so (READ_ONLY) and never waits for writers: WAL lets it read.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine


_WRITER_TURN = "benuo_writer_turn"


def _queue_writers(engine: Engine, wait_seconds: float = 30.0) -> None:
    """One connection at a time per process, handed over by a mutex.

    Every transaction takes SQLite's write lock (BEGIN IMMEDIATE), and SQLite's busy handler
    waits for it by sleeping 1, 2, 5 ... 100 ms between tries: under a steady stream of short
    writes from request threads, the relay and the consumers, that sleeping, not the work,
    set the latency. Queueing on a mutex first hands the database over as soon as the holder
    checks its connection back in. A plain lock, since check-in may happen on another thread
    than check-out; if the wait ever exceeds ``wait_seconds`` the connection goes on without a
    turn and SQLite's own locking still keeps the data safe.
    """
    turn = threading.Lock()

    @event.listens_for(engine, "checkout")
    def _take_turn(_dbapi: Any, record: Any, _proxy: Any) -> None:
        record.info[_WRITER_TURN] = turn.acquire(timeout=wait_seconds)

    @event.listens_for(engine, "checkin")
    def _give_turn(_dbapi: Any, record: Any) -> None:
        if record.info.pop(_WRITER_TURN, False):
            turn.release()


def make_session_factory(engine: Engine, **info: Any) -> SessionFactory:
    """Sessions that keep loaded objects usable after commit; ``info`` reaches every session."""
    return sessionmaker(engine, class_=Session, expire_on_commit=False, info=info)


def get_session(request: Request) -> Iterator[Session]:
    """FastAPI dependency: one session per request, closed afterwards."""
    factory: SessionFactory = request.app.state.runtime.sessions
    with factory() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def tables_of(*models: type[SQLModel]) -> tuple[Table, ...]:
    """The SQLAlchemy tables behind SQLModel table models (for migrations and tests)."""
    tables: tuple[Table, ...] = tuple(
        model.__table__  # type: ignore[attr-defined]
        for model in models
    )
    return tables
