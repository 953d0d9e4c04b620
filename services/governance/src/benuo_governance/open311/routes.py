"""The GeoReport v2 endpoints: discovery, services, requests, tokens, each .json and .xml."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session, col, func, select

from benuo_governance.api.deps import NamesDep, NowDep, SettingsDep, viewer_of
from benuo_governance.open311 import PREFIX, mapping, params
from benuo_governance.open311.deps import FormatDep, FormDep, Scoped, may_post
from benuo_governance.open311.errors import Open311Error
from benuo_governance.open311.render import Format, respond, timestamp
from benuo_governance.persistence.catalogue import ServiceCategory
from benuo_governance.persistence.requests import ServiceRequest
from benuo_governance.service_layer import lookups, queries
from benuo_governance.service_layer import requests as use_cases
from benuo_governance.service_layer.names import Names
from benuo_governance.settings import Settings
from benuo_runtime.auth import Caller, caller
from benuo_runtime.db import SessionDep

router = APIRouter(prefix=PREFIX, dependencies=[Depends(caller)], tags=["Open311 GeoReport v2"])
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"


@router.get("/discovery.{fmt}")
def discovery(fmt: FormatDep, session: SessionDep, settings: SettingsDep) -> Response:
    changed = session.exec(select(func.max(ServiceCategory.updated_at))).one()
    changeset = timestamp(changed)
    return respond(
        {
            "changeset": changeset,
            "contact": settings.open311_contact,
            "key_service": "API keys are issued by the Benuo gateway operator (Diskominfo PPU).",
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": settings.open311_base_url,
                    "changeset": changeset,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
        fmt,
        root="discovery",
    )


@router.get("/services.{fmt}", dependencies=Scoped)
def services(fmt: FormatDep, session: SessionDep) -> Response:
    query = select(ServiceCategory).where(col(ServiceCategory.retired_at).is_(None))
    rows = session.exec(query.order_by(col(ServiceCategory.code)))
    return respond([mapping.service(c) for c in rows], fmt, root="services")


@router.get("/services/{service_code}.{fmt}", dependencies=Scoped)
def service_definition(service_code: str, fmt: FormatDep, session: SessionDep) -> Response:
    found = session.get(ServiceCategory, service_code)
    if found is None or found.retired_at is not None:
        raise Open311Error(404, f"service_code {service_code} not found.")
    return respond(mapping.definition(found), fmt, root="service_definition")


@router.get("/requests.{fmt}", dependencies=Scoped)
def get_requests(
    fmt: FormatDep,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    names: NamesDep,
    now: NowDep,
) -> Response:
    query = params.requests_query(request.query_params, now)
    rows = queries.by_page(session, query.filters, page=query.page, size=query.page_size)
    return _requests(session, settings, names, rows, fmt, extensions=query.extensions)


@router.get("/requests/{service_request_id}.{fmt}", dependencies=Scoped)
def get_request(
    service_request_id: str,
    fmt: FormatDep,
    session: SessionDep,
    settings: SettingsDep,
    names: NamesDep,
    extensions: bool = False,
) -> Response:
    found = session.exec(
        select(ServiceRequest).where(ServiceRequest.public_id == service_request_id)
    ).first()
    if found is None:
        raise Open311Error(404, f"service_request_id {service_request_id} not found.")
    return _requests(session, settings, names, [found], fmt, extensions=extensions)


@router.get("/tokens/{token}.{fmt}", dependencies=Scoped)
def get_token(token: str, fmt: FormatDep, session: SessionDep) -> Response:
    found = session.exec(
        select(ServiceRequest).where(ServiceRequest.token_hash == use_cases.token_hash(token))
    ).first()
    if found is None:
        raise Open311Error(404, "token not found.")
    return respond(
        [{"service_request_id": found.public_id, "token": token}], fmt, root="service_requests"
    )


@router.post("/requests.{fmt}")
def post_request(
    fmt: FormatDep,
    form: FormDep,
    principal: Caller,
    session: SessionDep,
    settings: SettingsDep,
    names: NamesDep,
    now: NowDep,
) -> Response:
    if not may_post(principal):
        raise Open311Error(403, "api_key is missing or not valid.")
    code = str(form.get("service_code") or "")
    if not code:
        raise Open311Error(400, "service_code is required.")
    category = lookups.category(session, code, for_new_request=True)
    command = params.new_request(form, default_description=category.name)
    submitted = use_cases.submit(
        session, settings, viewer_of(principal), command, channel="open311", now=now
    )
    session.commit()
    notice = mapping.service_notice(category.code, names, settings.sla_verification_working_days)
    return respond(
        [
            {
                "service_request_id": submitted.request.public_id,
                "token": submitted.tracking_token,
                "service_notice": notice,
                "account_id": None,
            }
        ],
        fmt,
        root="service_requests",
        status_code=201,
    )


def _requests(
    session: Session,
    settings: Settings,
    names: Names,
    rows: list[ServiceRequest],
    fmt: Format,
    *,
    extensions: bool,
) -> Response:
    ids = [r.id for r in rows if r.id is not None]
    history = lookups.public_updates(session, ids) if extensions else None
    if history is None:
        notes = lookups.last_public_notes(session, ids)
    else:
        notes = {i: next((u.note for u in reversed(h) if u.note), "") for i, h in history.items()}
    items = [
        mapping.request(
            row,
            names,
            verification_days=settings.sla_verification_working_days,
            last_note=notes.get(row.id or 0),
            public_history=None if history is None else history.get(row.id or 0, []),
        )
        for row in rows
    ]
    return respond(items, fmt, root="service_requests")
