"""No personal data in any event: every event the service emits, as stored and as published."""

from __future__ import annotations

import asyncio

from fastapi.testclient import TestClient
from nats.aio.client import Client

from benuo_governance.api.deps import current_time
from benuo_governance.app import create_app
from benuo_governance.service_layer.sla_sweep import sweep
from benuo_governance.settings import Settings
from benuo_governance.testing import Callers, Clock, move, raw_outbox, submit
from benuo_runtime.testing import read_stream, wait_until_async

REPORTER = {"name": "Ani Wulandari", "phone": "+62 812-3456-7890", "email": "ani.w@example.co.id"}
OWNER = {
    "name": "Siti Rahmawati",
    "phone": "081350001111",
    "email": "siti@example.co.id",
    "business_address": "Jl. Mawar No. 7, RT 05",
}
SECRETS = [
    *REPORTER.values(),
    "3456-7890",
    "81234567890",
    *OWNER.values(),
    "Wulandari",
    "Rahmawati",
    "Mawar",
]
EVENT_TYPES = {
    f"ppu.governance.{name}.v1"
    for name in (
        "request.created",
        "request.status_changed",
        "request.resolved",
        "request.sla_breached",
        "permit.submitted",
        "permit.verified",
        "permit.approved",
        "permit.rejected",
    )
}


def scenario(client: TestClient, clock: Clock, callers: Callers) -> None:
    """Every kind of event, from requests and permits that carry personal data."""
    officer = callers.officer("DISHUB", "DPMPTSP")
    description = f"Lampu padam. Saya {REPORTER['name']}, telepon {REPORTER['phone']}."
    first = submit(client, callers.citizen(), reporter=REPORTER, description=description)
    anonymous = submit(client, callers.anonymous(), reporter=REPORTER)
    open311 = client.post(
        "/open311/v2/requests.json",
        headers=callers.integrator(),
        data={
            "service_code": "PJU-MATI",
            "lat": "-1.27216",
            "long": "116.73274",
            "attribute[kondisi]": "padam",
            "first_name": "Ani",
            "last_name": "Wulandari",
            "email": REPORTER["email"],
            "phone": "081234567890",
            "description": description,
        },
    )
    assert open311.status_code == 201
    for to, details in (
        ("verified", {}),
        ("assigned", {}),
        ("in_progress", {}),
        ("resolved", {"note": f"Sudah, Bu {REPORTER['name']}."}),
    ):
        assert move(client, first["id"], officer, to, **details).status_code == 200
    move(client, anonymous["id"], officer, "duplicate", duplicate_of=first["id"])
    clock.advance(days=30)
    assert sweep(client.app.state.runtime.sessions, clock.now) >= 1  # type: ignore[attr-defined]
    for final in ("approved", "rejected"):
        permit = client.post(
            "/api/v1/governance/permits",
            headers=callers.citizen(),
            json={
                "business_name": "Warung Benuo",
                "kbli_code": "56102",
                "desa_code": "64.09.01.1010",
                "owner": OWNER,
            },
        ).json()
        path = f"/api/v1/governance/permits/{permit['id']}/transitions"
        assert client.post(path, json={"to": "verified"}, headers=officer).status_code == 200
        decision = (
            {"to": final, "reason": "Belum lengkap."} if final == "rejected" else {"to": final}
        )
        assert client.post(path, json=decision, headers=officer).status_code == 200


async def test_no_event_carries_a_reporters_or_owners_name_phone_or_email(
    settings: Settings, nats_url: str, nats_client: Client, clock: Clock, callers: Callers
) -> None:
    app = create_app(settings.model_copy(update={"nats_url": nats_url, "relay_poll_seconds": 0.1}))
    app.dependency_overrides[current_time] = lambda: clock.now
    with TestClient(app) as client:
        await asyncio.to_thread(scenario, client, clock, callers)
        stored = raw_outbox(client)
        assert {event["type"] for event in stored} == EVENT_TYPES

        async def published() -> list[bytes]:
            try:
                messages = await read_stream(nats_client.jetstream(), "GOVERNANCE")
            except Exception:
                return []
            return [m.data for m in messages] if len(messages) == len(stored) else []

        bodies = await wait_until_async(
            published, what="every event on the GOVERNANCE stream", timeout=30
        )
    texts = [body.decode() for body in bodies] + [str(event) for event in stored]
    assert len(texts) == 2 * len(stored)
    for text in texts:
        for secret in SECRETS:
            assert secret.lower() not in text.lower(), (secret, text)
