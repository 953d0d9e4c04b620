"""Service requests: submit, find, follow, and move through the workflow."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Response, status
from pydantic import BaseModel, Field
from sqlmodel import Session, select

from benuo_governance.api.deps import (
    NamesDep,
    NowDep,
    SettingsDep,
    SignedInDep,
    ViewerDep,
    api_router,
)
from benuo_governance.api.request_query import RequestQuery
from benuo_governance.api.request_views import RequestDetail, RequestSummary, detail, summary
from benuo_governance.api.responses import json_response
from benuo_governance.domain.access import View, Viewer
from benuo_governance.persistence.requests import ServiceRequest
from benuo_governance.service_layer import history, lookups, queries
from benuo_governance.service_layer import requests as use_cases
from benuo_governance.service_layer.commands import NewNote, NewRequest, StatusChange
from benuo_governance.service_layer.names import Names
from benuo_governance.service_layer.transitions import move
from benuo_runtime.db import SessionDep
from benuo_runtime.problems import ProblemError

router = api_router("service requests")


class Nearby(BaseModel):
    request: RequestSummary
    distance_m: float


class RequestCreated(RequestDetail):
    tracking_token: str = Field(
        description="Shown once: follow the request with GET /track/{token}, even anonymously"
    )
    similar_nearby: list[Nearby] = Field(description="Possible duplicates to look at")


class RequestPage(BaseModel):
    items: list[RequestSummary]
    total: int
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page")


def _detail(
    session: Session,
    request: ServiceRequest,
    viewer: Viewer,
    names: Names,
    *,
    view: View | None = None,
) -> RequestDetail:
    record = lookups.request_record(session, request)
    return detail(
        request,
        names,
        view or viewer.view_of(request.agency_code, request.reporter_subject),
        reporter=record.reporter,
        updates=record.updates,
        breaches=record.breaches,
    )


@router.post("/requests", status_code=status.HTTP_201_CREATED)
def submit_request(
    command: NewRequest,
    session: SessionDep,
    viewer: ViewerDep,
    settings: SettingsDep,
    names: NamesDep,
    now: NowDep,
) -> RequestCreated:
    """Report a problem: signed in, anonymously (keep the tracking token) or for a citizen."""
    submitted = use_cases.submit(session, settings, viewer, command, channel="web", now=now)
    session.commit()
    request = submitted.request
    similar = use_cases.possible_duplicates(
        session,
        settings,
        service_code=request.service_code,
        lat=request.lat,
        lng=request.lng,
        now=now,
        exclude=request.public_id,
    )
    shown = _detail(
        session, request, viewer, names, view=viewer.view_as_reporter(request.agency_code)
    )
    return RequestCreated(
        **shown.model_dump(),
        tracking_token=submitted.tracking_token,
        similar_nearby=[Nearby(request=summary(r, names), distance_m=d) for r, d in similar[:10]],
    )


@router.get("/requests", response_model=RequestPage)
def list_requests(
    query: Annotated[RequestQuery, Query()], session: SessionDep, viewer: ViewerDep, names: NamesDep
) -> Response:
    """Find requests (public form), newest first; the order is stable across pages."""
    page = queries.by_cursor(session, query.filters(viewer), cursor=query.cursor, limit=query.limit)
    found = RequestPage(
        items=[summary(r, names) for r in page.items],
        total=page.total,
        next_cursor=page.next_cursor,
    )
    return json_response(found, RequestPage)


@router.get("/requests/nearby", response_model=list[Nearby])
def nearby_requests(
    session: SessionDep,
    settings: SettingsDep,
    names: NamesDep,
    now: NowDep,
    service_code: Annotated[str, Query(max_length=32)],
    lat: Annotated[float, Query(ge=-90, le=90)],
    lng: Annotated[float, Query(ge=-180, le=180)],
    radius_m: Annotated[float | None, Query(gt=0, le=5000)] = None,
) -> Response:
    """Same-category reports close by: open, or closed in the last days (possible duplicates)."""
    lookups.category(session, service_code)
    found = use_cases.possible_duplicates(
        session, settings, service_code=service_code, lat=lat, lng=lng, now=now, radius_m=radius_m
    )
    return json_response(
        [Nearby(request=summary(r, names), distance_m=d) for r, d in found], list[Nearby]
    )


@router.get("/requests/{request_id}")
def get_request(
    request_id: str, session: SessionDep, viewer: ViewerDep, names: NamesDep
) -> RequestDetail:
    """In full for the reporter and the agency's officers, in public form for everyone else."""
    return _detail(session, lookups.request(session, request_id), viewer, names)


@router.get("/track/{token}")
def track_request(
    token: str, session: SessionDep, viewer: ViewerDep, names: NamesDep
) -> RequestDetail:
    """The reporter's view of a request, for whoever holds its tracking token."""
    found = session.exec(
        select(ServiceRequest).where(ServiceRequest.token_hash == use_cases.token_hash(token))
    ).first()
    if found is None:
        raise ProblemError(404, "No request has this tracking token.", kind="not-found")
    return _detail(session, found, viewer, names, view=View.OWNER)


@router.post("/requests/{request_id}/transitions")
def change_status(
    request_id: str,
    change: StatusChange,
    session: SessionDep,
    viewer: SignedInDep,
    settings: SettingsDep,
    names: NamesDep,
    now: NowDep,
) -> RequestDetail:
    """Move a request on; a refused move is 409 naming the current and the allowed statuses."""
    request = move(session, settings, viewer, request_id, change, now=now)
    session.commit()
    return _detail(session, request, viewer, names)


@router.post("/requests/{request_id}/notes", status_code=status.HTTP_201_CREATED)
def add_note(
    request_id: str,
    note: NewNote,
    session: SessionDep,
    viewer: SignedInDep,
    names: NamesDep,
    now: NowDep,
) -> RequestDetail:
    """A comment without a status change: public, or internal (officers only)."""
    history.add_note(session, viewer, request_id, note, now=now)
    session.commit()
    return _detail(session, lookups.request(session, request_id), viewer, names)
