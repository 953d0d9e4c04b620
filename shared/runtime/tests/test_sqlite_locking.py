"""SQLite: writers take the lock up front; a read-only connection never waits for them."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import text

from benuo_runtime.db import READ_ONLY, make_engine


def test_a_read_only_connection_reads_while_another_engine_holds_the_write_lock(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'locks.db'}"
    writer, reader = make_engine(url), make_engine(url)  # two engines: as two processes
    with writer.begin() as setup:
        setup.execute(text("CREATE TABLE t (n INTEGER)"))
        setup.execute(text("INSERT INTO t VALUES (1)"))
    seen: list[int] = []

    def read(options: dict[str, bool]) -> None:
        with reader.connect().execution_options(**options) as connection:
            seen.append(connection.execute(text("SELECT count(*) FROM t")).scalar_one())

    with writer.begin() as holding:
        holding.execute(text("INSERT INTO t VALUES (2)"))  # uncommitted, lock held
        quick = threading.Thread(target=read, args=({READ_ONLY: True},))
        quick.start()
        quick.join(timeout=5)
        assert seen == [1], "the read-only connection waited for the writer"
        waiting = threading.Thread(target=read, args=({},), daemon=True)
        waiting.start()
        waiting.join(timeout=0.5)
        assert waiting.is_alive(), "a connection that may write queues behind the writer"
    waiting.join(timeout=10)
    assert seen == [1, 2]
    writer.dispose()
    reader.dispose()
