"""Deadlines through the API, and the periodic sweep: one event per breach, however many
replicas look."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient

from benuo_governance.api.deps import current_time
from benuo_governance.app import create_app
from benuo_governance.service_layer.sla_sweep import candidates, sweep
from benuo_governance.settings import Settings
from benuo_governance.testing import Callers, Clock, move, outbox, submit
from benuo_runtime.testing import wait_until

URL = "/api/v1/governance"
BREACHED = "ppu.governance.request.sla_breached.v1"


def breach_events(client: TestClient) -> list[tuple[str, str, datetime, int]]:
    return [
        (e.subject, e.data.stage, e.data.due_at, e.data.version)
        for e in outbox(client)
        if e.type == BREACHED
    ]


def run_sweep(client: TestClient, now: datetime) -> int:
    return sweep(client.app.state.runtime.sessions, now)  # type: ignore[attr-defined]


def test_deadlines_skip_weekends_and_holidays_and_follow_the_admins_holiday_list(
    client: TestClient, settings: Settings, clock: Clock, callers: Callers
) -> None:
    clock.now = datetime(2026, 12, 23, 2, tzinfo=UTC)  # Wednesday 10:00 WITA
    before_christmas = submit(client, callers.citizen())
    # 24 (cuti bersama), 25 (Natal), 26-27 (weekend) skipped: Mon 28, Tue 29, Wed 30.
    assert before_christmas["verification_due_at"] == "2026-12-30T16:00:00Z"

    clock.now = datetime(2027, 2, 1, 2, tzinfo=UTC)  # Monday
    assert submit(client, callers.citizen())["verification_due_at"] == "2027-02-04T16:00:00Z"
    added = client.put(
        f"{URL}/holidays/2027-02-03",
        json={"name": "Hari jadi Kabupaten (contoh)", "kind": "libur_nasional"},
        headers=callers.admin(),
    )
    assert added.status_code == 200
    assert submit(client, callers.citizen())["verification_due_at"] == "2027-02-05T16:00:00Z"
    assert client.delete(f"{URL}/holidays/2027-02-03", headers=callers.admin()).status_code == 204
    assert submit(client, callers.citizen())["verification_due_at"] == "2027-02-04T16:00:00Z"

    # An operator may count cuti bersama as working days (SLA_CUTI_BERSAMA_IS_HOLIDAY=false).
    app = create_app(settings.model_copy(update={"sla_cuti_bersama_is_holiday": False}))
    clock.now = datetime(2026, 12, 23, 2, tzinfo=UTC)
    app.dependency_overrides[current_time] = lambda: clock.now
    with TestClient(app) as other:
        # Thu 24 (cuti bersama) counts now; Fri 25 still does not: Thu 24, Mon 28, Tue 29.
        assert submit(other, callers.citizen())["verification_due_at"] == "2026-12-29T16:00:00Z"


def test_each_missed_deadline_is_recorded_and_announced_once_whoever_sweeps(
    client: TestClient, clock: Clock, callers: Callers
) -> None:
    officer = callers.officer("DISHUB")
    late = submit(client, callers.citizen())
    on_time = submit(client, callers.citizen())
    assert move(client, on_time["id"], officer, "verified").status_code == 200
    due = datetime.fromisoformat(late["verification_due_at"])

    assert run_sweep(client, due - timedelta(seconds=1)) == 0
    assert run_sweep(client, due) == 1
    assert run_sweep(client, due + timedelta(hours=1)) == 0
    assert breach_events(client) == [(late["id"], "verification", due, 1)]

    clock.now = due + timedelta(days=1)
    assert move(client, late["id"], officer, "verified").status_code == 200
    follow_up_due = datetime.fromisoformat(
        client.get(f"{URL}/requests/{late['id']}", headers=officer).json()["follow_up_due_at"]
    )
    on_time_due = datetime.fromisoformat(
        client.get(f"{URL}/requests/{on_time['id']}", headers=officer).json()["follow_up_due_at"]
    )
    assert run_sweep(client, on_time_due) == 1  # on_time's follow-up, not late's verification
    clock.now = follow_up_due - timedelta(hours=1)
    for to, details in (("assigned", {}), ("in_progress", {}), ("resolved", {"note": "Beres"})):
        assert move(client, late["id"], officer, to, **details).status_code == 200
    assert run_sweep(client, follow_up_due + timedelta(days=5)) == 0
    resolved = [e for e in outbox(client) if e.type == "ppu.governance.request.resolved.v1"]
    assert [e.data.within_sla for e in resolved] == [True]

    clock.now = follow_up_due + timedelta(days=6)
    assert move(client, late["id"], callers.citizen(), "reopened").status_code == 200
    assert run_sweep(client, clock.now + timedelta(days=30)) == 1  # the reopened clock ran out
    stages = [(subject, stage) for subject, stage, _, _ in breach_events(client)]
    assert stages == [
        (late["id"], "verification"),
        (on_time["id"], "follow_up"),
        (late["id"], "follow_up"),
    ]
    shown = client.get(f"{URL}/requests/{late['id']}", headers=callers.anonymous()).json()
    assert [b["stage"] for b in shown["sla_breaches"]] == ["verification", "follow_up"]

    # Replicas sweeping at the same moment: each breach is still announced once.
    created = [submit(client, callers.citizen()) for _ in range(6)]
    later = datetime.fromisoformat(created[0]["verification_due_at"]) + timedelta(minutes=1)
    won: list[int] = []
    start = threading.Barrier(4)

    def replica() -> None:
        start.wait()
        won.append(run_sweep(client, later))

    threads = [threading.Thread(target=replica) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(won) == 6
    announced = [subject for subject, *_ in breach_events(client)][3:]
    assert sorted(announced) == sorted(c["id"] for c in created)
    # Deadlines met on time, or already recorded, are not even looked at again.
    with client.app.state.runtime.sessions() as session:  # type: ignore[attr-defined]
        assert candidates(session, later + timedelta(days=365)) == []


def test_the_service_runs_its_periodic_jobs_by_itself(settings: Settings, callers: Callers) -> None:
    jobs = {"sla_sweep_seconds": 0.2, "sqlite_analyze_seconds": 0.2}
    app: FastAPI = create_app(settings.model_copy(update=jobs))
    # Reported ten days ago (by the service's clock), never verified.
    app.dependency_overrides[current_time] = lambda: datetime.now(UTC) - timedelta(days=10)
    with TestClient(app) as client:
        created = submit(client, callers.citizen())
        wait_until(lambda: breach_events(client), what="the sweep to find the breach")
        assert [(s, stage) for s, stage, *_ in breach_events(client)] == [
            (created["id"], "verification")
        ]
        engine = client.app.state.runtime.engine  # type: ignore[attr-defined]
        if engine.dialect.name == "sqlite":

            def planner_statistics() -> bool:
                with engine.connect() as connection:
                    return bool(
                        connection.exec_driver_sql(
                            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
                        ).scalar()
                    )

            wait_until(planner_statistics, what="ANALYZE to have run")
