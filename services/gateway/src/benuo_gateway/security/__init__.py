"""Authentication at the front door, as FastAPI dependencies for the gateway's own routes.

The edge identifies every API request once and leaves the result in the request scope;
``authenticate`` reuses it (or identifies the caller itself when no edge ran).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from benuo_gateway.security.authenticator import Authenticator, Identity
from benuo_runtime.auth import Principal
from benuo_runtime.problems import ProblemError

IDENTITY_STATE = "identity"


async def identify(request: Request) -> Identity:
    known: Identity | None = request.scope.setdefault("state", {}).get(IDENTITY_STATE)
    if known is not None:
        return known
    authenticator: Authenticator = request.app.state.gateway.authenticator
    client = request.client.host if request.client else "unknown"
    identity = await authenticator.identify(
        request.headers.get("authorization"), request.headers.get("x-api-key"), client
    )
    request.scope["state"][IDENTITY_STATE] = identity
    return identity


async def authenticate(identity: Annotated[Identity, Depends(identify)]) -> Principal:
    """The caller's principal: from a bearer JWT, an API key, or the anonymous one."""
    return identity.principal


Authenticated = Annotated[Principal, Depends(authenticate)]


async def require_admin(principal: Authenticated) -> Principal:
    if principal.is_anonymous:
        raise ProblemError(
            401, "Sign in to do this.", kind="unauthorized", headers={"WWW-Authenticate": "Bearer"}
        )
    if not principal.is_admin:
        raise ProblemError(403, "This needs the admin role.", kind="forbidden")
    return principal


Admin = Annotated[Principal, Depends(require_admin)]

__all__ = ["Admin", "Authenticated", "Identity", "authenticate", "identify", "require_admin"]
