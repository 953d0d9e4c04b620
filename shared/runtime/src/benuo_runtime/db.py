"""Engines and sessions: SQLite on a laptop, PostgreSQL in production, one code path."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Annotated, Any

import sqlalchemy
from fastapi import Depends, Request
from sqlalchemy import Engine, Table, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, SQLModel

try:
    import fcntl
except ImportError:  # Windows: SQLite's own locking alone
    fcntl = None  # type: ignore[assignment]

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

    writers = _WriterQueue(None if database in (None, "", ":memory:") else Path(database))
    writers.install(engine)
    return engine


class _WriterQueue:
    """Writers take turns on a mutex within a process and on a file lock across processes.

    Every transaction that may write takes SQLite's write lock (BEGIN IMMEDIATE), and
    SQLite's busy handler waits for it by sleeping 1, 2, 5 ... 100 ms between tries: under a
    steady stream of short writes that sleeping, not the work, set the latency, and a process
    writing back to back starved another process's sleeper for seconds. Waiting on a mutex
    (in the process) and a blocking ``flock`` (between processes) instead hands the database
    over as soon as the holder checks its connection back in: the waiter is woken. A plain
    lock, since check-in may happen on another thread than check-out; if the mutex is not had
    within ``wait_seconds`` the connection goes on without it and SQLite's own locking still
    keeps the data safe. READ_ONLY connections read the WAL snapshot and skip the file lock.
    """

    def __init__(self, database: Path | None, wait_seconds: float = 30.0) -> None:
        self._turn = threading.Lock()
        self._wait_seconds = wait_seconds
        self._lock_path = database.with_name(database.name + ".writers") if database else None
        self._lock_file: IO[bytes] | None = None

    def install(self, engine: Engine) -> None:
        event.listen(engine, "checkout", self._check_out)
        event.listen(engine, "checkin", self._check_in)
        event.listen(engine, "begin", self._begin)

    def _check_out(self, _dbapi: Any, record: Any, _proxy: Any) -> None:
        record.info[_TURN] = self._turn.acquire(timeout=self._wait_seconds)

    def _begin(self, connection: Any) -> None:
        # A deferred transaction that reads and then writes fails at once with "database is
        # locked" when another process wrote in between; taking the write lock up front makes
        # concurrent writers wait instead.
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        if not read_only and fcntl is not None and self._lock_path is not None:
            if self._lock_file is None:
                self._lock_file = self._lock_path.open("ab")
            fcntl.flock(self._lock_file, fcntl.LOCK_EX)
            connection.info[_FILE_LOCK] = True
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    def _check_in(self, _dbapi: Any, record: Any) -> None:
        if record.info.pop(_FILE_LOCK, False) and self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
        if record.info.pop(_TURN, False):
            self._turn.release()


_TURN = "benuo_writer_turn"
_FILE_LOCK = "benuo_writer_file_lock"


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
