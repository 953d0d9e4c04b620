"""Typed dependencies shared by the routes (JSON API and Open311)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from benuo_governance.domain.access import PILLAR, Viewer
from benuo_governance.service_layer.names import Names, NamesCache
from benuo_governance.settings import Settings
from benuo_runtime.auth import Caller, Principal, Role, caller
from benuo_runtime.db import SessionDep
from benuo_runtime.problems import ProblemError

_ROLE_ORDER = (Role.ADMIN, Role.OFFICER, Role.INTEGRATOR, Role.CITIZEN)


def viewer_of(principal: Principal) -> Viewer:
    role = next((r.value for r in _ROLE_ORDER if r in principal.roles), "anonymous")
    return Viewer(
        subject=principal.subject,
        role=role,
        signed_in=not principal.is_anonymous,
        admin=principal.is_admin,
        governance_officer=principal.is_officer_of(PILLAR),
        agencies=principal.agencies,
    )


def current_viewer(principal: Caller) -> Viewer:
    return viewer_of(principal)


def signed_in_viewer(principal: Caller) -> Viewer:
    if principal.is_anonymous:
        raise ProblemError(
            401, "Sign in to do this.", kind="unauthorized", headers={"WWW-Authenticate": "Bearer"}
        )
    return viewer_of(principal)


def current_admin(viewer: Annotated[Viewer, Depends(signed_in_viewer)]) -> Viewer:
    if not viewer.admin:
        raise ProblemError(403, "Only admins may change the catalogue.", kind="forbidden")
    return viewer


def current_settings(request: Request) -> Settings:
    settings = request.app.state.runtime.settings
    assert isinstance(settings, Settings)
    return settings


def names_cache(request: Request) -> NamesCache:
    cache = request.app.state.names
    assert isinstance(cache, NamesCache)
    return cache


def current_names(cache: Annotated[NamesCache, Depends(names_cache)], session: SessionDep) -> Names:
    return cache.get(session)


def current_time() -> datetime:
    """The clock every write uses; tests override it to cross weekends and holidays."""
    return datetime.now(UTC)


ViewerDep = Annotated[Viewer, Depends(current_viewer)]
SignedInDep = Annotated[Viewer, Depends(signed_in_viewer)]
AdminDep = Annotated[Viewer, Depends(current_admin)]
SettingsDep = Annotated[Settings, Depends(current_settings)]
NowDep = Annotated[datetime, Depends(current_time)]
NamesDep = Annotated[Names, Depends(current_names)]
NamesCacheDep = Annotated[NamesCache, Depends(names_cache)]


def api_router(*tags: str) -> APIRouter:
    """Every route of the JSON API sits behind the caller check."""
    return APIRouter(prefix="/api/v1/governance", dependencies=[Depends(caller)], tags=list(tags))
