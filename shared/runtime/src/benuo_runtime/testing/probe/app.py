from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, status
from opentelemetry import trace
from pydantic import BaseModel, Field
from sqlmodel import Session, func, select

from benuo_contract import CloudEvent, GeoPoint
from benuo_contract.events.governance import RequestCreatedV1, RequestStatus
from benuo_runtime.app import create_service_app
from benuo_runtime.auth import caller
from benuo_runtime.db import SessionDep
from benuo_runtime.messaging.handlers import EventHandlers
from benuo_runtime.messaging.outbox import emit
from benuo_runtime.problems import ProblemError
from benuo_runtime.settings import ServiceSettings
from benuo_runtime.testing.probe.models import ProbeEffect, ProbeFault, ProbeRequest


class ProbeSettings(ServiceSettings):
    service_name: str = "probe"


class RequestIn(BaseModel):
    request_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")
    description: str = Field(min_length=1, max_length=500)


router = APIRouter(prefix="/api/v1/probe", dependencies=[Depends(caller)])


@router.post("/requests", status_code=status.HTTP_201_CREATED)
def create_request(body: RequestIn, session: SessionDep) -> dict[str, str]:
    if session.get(ProbeRequest, body.request_id) is not None:
        raise ProblemError(409, f"Request {body.request_id} exists already.", kind="conflict")
    session.add(ProbeRequest(request_id=body.request_id, description=body.description))
    now = datetime.now(UTC)
    emit(
        session,
        RequestCreatedV1(
            request_id=body.request_id,
            version=1,
            status=RequestStatus.SUBMITTED,
            service_code="PROBE",
            agency_code="PROBE",
            kecamatan_code="64.09.01",
            desa_code="64.09.01.1010",
            location=GeoPoint(lat=-1.25, lng=116.83),
            submitted_at=now,
            verification_due_at=now + timedelta(days=3),
        ),
    )
    session.commit()
    return {"request_id": body.request_id}


@router.get("/requests/{request_id}")
def get_request(request_id: str, session: SessionDep) -> dict[str, Any]:
    found = session.get(ProbeRequest, request_id)
    if found is None:
        raise ProblemError(404, f"No request {request_id}.", kind="not-found")
    return {"request_id": found.request_id, "description": found.description}


@router.get("/effects")
def effects(session: SessionDep) -> dict[str, int]:
    total = session.exec(select(func.count()).select_from(ProbeEffect)).one()
    return {"total": total}


tally = EventHandlers("tally")
EFFECT_DELAY_SECONDS = float(os.environ.get("PROBE_EFFECT_DELAY_SECONDS", "0"))


@tally.on(RequestCreatedV1)
def record_effect(session: Session, event: CloudEvent[Any]) -> None:
    data: RequestCreatedV1 = event.data
    if session.get(ProbeFault, data.request_id) is not None:
        raise RuntimeError(f"simulated fault for {data.request_id}")
    if EFFECT_DELAY_SECONDS:
        time.sleep(EFFECT_DELAY_SECONDS)  # lets tests kill a consumer mid-stream
    context = trace.get_current_span().get_span_context()
    session.add(
        ProbeEffect(
            event_id=event.id,
            request_id=data.request_id,
            trace_id=format(context.trace_id, "032x"),
            pid=os.getpid(),
        )
    )


def create_app(settings: ServiceSettings | None = None) -> Any:
    settings = settings or ProbeSettings()
    consume = os.environ.get("PROBE_CONSUME", "1") == "1"
    return create_service_app(
        settings,
        title="Benuo probe",
        description="Test service for the runtime.",
        routers=[router],
        handlers=[tally] if consume else [],
    )
