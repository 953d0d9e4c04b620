"""Keeping SQLite's query planner informed.

Without statistics SQLite guesses which index to use: with two filters (a category and a
kecamatan, say) it may walk the larger index and read four times the rows. ANALYZE gives it
the numbers; ``analysis_limit`` keeps the run short on large tables. PostgreSQL's
autovacuum does this by itself, so there it is a no-op.
"""

from __future__ import annotations

from benuo_runtime.app import ServiceRuntime


def refresh_planner_statistics(runtime: ServiceRuntime) -> None:
    if runtime.engine.dialect.name != "sqlite":
        return
    with runtime.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA analysis_limit=1000")
        connection.exec_driver_sql("ANALYZE")
        connection.commit()
