"""Test helpers for the governance service: a clock, the callers the gateway sends, the outbox.

Used by the service's own tests and by tests that cross services.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from fastapi.testclient import TestClient
from sqlmodel import col, select

from benuo_contract import parse_event
from benuo_runtime.messaging.tables import OutboxMessage
from benuo_runtime.testing.plugin import AuthKeys

if TYPE_CHECKING:
    from httpx2 import Response  # what Starlette's TestClient answers with

# Monday 30 November 2026, 09:00 WITA.
MONDAY_MORNING = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
NENANG = {"lat": -1.27216, "lng": 116.73274}  # Kelurahan Nenang, Penajam (its centroid)


@dataclass
class Clock:
    now: datetime = MONDAY_MORNING

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclass
class Callers:
    """Authorization headers for the kinds of caller the gateway sends."""

    keys: AuthKeys
    _cache: dict[str, dict[str, str]] = field(default_factory=dict)

    def citizen(self, subject: str = "citizen-ani") -> dict[str, str]:
        return self.keys.headers("citizen", subject=subject)

    def anonymous(self) -> dict[str, str]:
        return self.keys.headers()

    def officer(self, *agencies: str, subject: str | None = None) -> dict[str, str]:
        return self.keys.headers(
            "officer",
            subject=subject or f"officer-{'-'.join(agencies).lower()}",
            pillars=("governance",),
            agencies=agencies,
        )

    def admin(self) -> dict[str, str]:
        return self.keys.headers("admin", subject="admin-diskominfo")

    def integrator(self, *scopes: str) -> dict[str, str]:
        return self.keys.headers("integrator", subject="integrator-app", scopes=scopes)


def report(**overrides: Any) -> dict[str, Any]:
    """A valid street-light report in Nenang; override any field."""
    body: dict[str, Any] = {
        "service_code": "PJU-MATI",
        "description": "Lampu PJU di depan Pasar Induk Penajam padam sejak tiga malam.",
        "location": NENANG,
        "attributes": {"kondisi": "padam"},
    }
    body.update(overrides)
    return body


def submit(client: TestClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/governance/requests", json=report(**overrides), headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def move(
    client: TestClient, request_id: str, headers: dict[str, str], to: str, **details: Any
) -> Response:
    return client.post(
        f"/api/v1/governance/requests/{request_id}/transitions",
        json={"to": to, **details},
        headers=headers,
    )


def outbox(client: TestClient) -> list[Any]:
    """Every event the service has emitted so far, oldest first, parsed by the contract."""
    with client.app.state.runtime.sessions() as session:  # type: ignore[attr-defined]
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        return [parse_event(row.body) for row in rows]


def events_of(client: TestClient, subject: str) -> Iterator[Any]:
    return (event for event in outbox(client) if event.subject == subject)


def raw_outbox(client: TestClient) -> list[dict[str, Any]]:
    with client.app.state.runtime.sessions() as session:  # type: ignore[attr-defined]
        rows = session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        return [json.loads(row.body) for row in rows]
