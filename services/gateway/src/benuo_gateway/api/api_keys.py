"""API keys for machine clients: admins create (the key is shown once), list and revoke them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status
from pydantic import AfterValidator, BaseModel, Field
from sqlmodel import col, select

from benuo_gateway.gateway import Gateway
from benuo_gateway.models import ApiKey
from benuo_gateway.security import Admin, require_admin
from benuo_gateway.security.api_keys import as_utc, new_key
from benuo_runtime.auth import Role
from benuo_runtime.db import SessionDep
from benuo_runtime.problems import ProblemError

router = APIRouter(
    prefix="/api/v1/api-keys", tags=["api keys"], dependencies=[Depends(require_admin)]
)

Scope = Annotated[str, Field(pattern=r"^(\*|[a-z][a-z0-9_-]*):(read|write)$", max_length=60)]
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.-]*$", max_length=60)]


def _future(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.astimezone(UTC) <= datetime.now(UTC):
        raise ValueError("expires_at must be in the future")
    return moment


class ApiKeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100, description="Who or what uses the key")
    roles: list[Role] = Field(default=[Role.INTEGRATOR], max_length=3)
    pillars: list[Name] = Field(default=[], max_length=10)
    agencies: list[Name] = Field(default=[], max_length=20)
    scopes: list[Scope] = Field(
        default=["*:read"], max_length=30, description="<service>:read|write, or *:read|write"
    )
    expires_at: Annotated[datetime | None, AfterValidator(_future)] = Field(
        default=None, description="UTC; none means the key does not expire"
    )


class ApiKeyPublic(BaseModel):
    id: str
    name: str
    prefix: str = Field(description="The key's first characters, to recognise it")
    roles: list[str]
    pillars: list[str]
    agencies: list[str]
    scopes: list[str]
    created_by: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: ApiKey) -> ApiKeyPublic:
        return cls(
            id=key.id,
            name=key.name,
            prefix=key.prefix,
            roles=key.roles.split(),
            pillars=key.pillars.split(),
            agencies=key.agencies.split(),
            scopes=key.scopes.split(),
            created_by=key.created_by,
            created_at=as_utc(key.created_at) or key.created_at,
            expires_at=as_utc(key.expires_at),
            revoked_at=as_utc(key.revoked_at),
        )


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="The secret. It is shown this once; store it now.")


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create an API key")
def create_key(body: ApiKeyCreate, admin: Admin, session: SessionDep) -> ApiKeyCreated:
    if Role.ADMIN in body.roles:
        raise ProblemError(422, "API keys cannot carry the admin role.", kind="validation-error")
    key, secret = new_key(
        name=body.name,
        roles=[role.value for role in body.roles],
        pillars=body.pillars,
        agencies=body.agencies,
        scopes=body.scopes,
        expires_at=body.expires_at,
        created_by=admin.subject,
    )
    session.add(key)
    session.commit()
    return ApiKeyCreated(**ApiKeyPublic.of(key).model_dump(), key=secret)


@router.get("", summary="List API keys (never their secrets)")
def list_keys(session: SessionDep) -> list[ApiKeyPublic]:
    keys = session.exec(select(ApiKey).order_by(col(ApiKey.created_at))).all()
    return [ApiKeyPublic.of(key) for key in keys]


def _key(session: SessionDep, key_id: str) -> ApiKey:
    key = session.get(ApiKey, key_id)
    if key is None:
        raise ProblemError(404, f"There is no API key {key_id}.", kind="not-found")
    return key


@router.get("/{key_id}", summary="One API key")
def get_key(key_id: str, session: SessionDep) -> ApiKeyPublic:
    return ApiKeyPublic.of(_key(session, key_id))


@router.delete("/{key_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Revoke an API key")
def revoke_key(key_id: str, request: Request, session: SessionDep) -> Response:
    key = _key(session, key_id)
    if key.revoked_at is None:
        key.revoked_at = datetime.now(UTC)
        session.add(key)
        session.commit()
    gateway: Gateway = request.app.state.gateway
    gateway.authenticator.api_keys.forget(key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
