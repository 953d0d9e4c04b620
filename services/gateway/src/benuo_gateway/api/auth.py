"""Local sign-in (OAuth2 password grant for the demo users) and "who am I"."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel

from benuo_gateway.gateway import Gateway
from benuo_gateway.local import DEMO_USERS
from benuo_gateway.security import Authenticated
from benuo_runtime.problems import ProblemError

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


class Me(BaseModel):
    subject: str
    anonymous: bool
    roles: list[str]
    pillars: list[str]
    agencies: list[str]
    scopes: list[str]


@router.post("/token", summary="Sign in as a demo user (local use only)")
def sign_in(
    request: Request,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=200)],
    grant_type: Annotated[str, Form(pattern="^password$")] = "password",
) -> TokenResponse:
    gateway: Gateway = request.app.state.gateway
    issuer = gateway.local_tokens
    if issuer is None:
        raise ProblemError(
            404,
            "Local sign-in is disabled here; get a token from the identity provider.",
            kind="local-sign-in-disabled",
        )
    principal = DEMO_USERS.get(username)
    expected = gateway.settings.local_demo_password.encode()
    if principal is None or not hmac.compare_digest(password.encode(), expected):
        raise ProblemError(
            400, "Unknown user or wrong password.", kind="invalid-grant", error="invalid_grant"
        )
    ttl = int(gateway.settings.local_token_ttl_seconds)
    return TokenResponse(access_token=issuer.mint(principal, ttl_seconds=ttl), expires_in=ttl)


@router.get("/me", summary="The caller as the services see it")
async def me(principal: Authenticated) -> Me:
    return Me(
        subject=principal.subject,
        anonymous=principal.is_anonymous,
        roles=sorted(principal.roles),
        pillars=sorted(principal.pillars),
        agencies=sorted(principal.agencies),
        scopes=sorted(principal.scopes),
    )
