"""FastAPI dependencies built on the gateway's ``authenticate``: who may read, who may manage.

No ``from __future__ import annotations`` here (nor in the route modules): FastAPI reads
these signatures at runtime, and their dependencies are local to the factory functions.
"""

from collections.abc import Callable, Iterable
from typing import Annotated, Any

from fastapi import Depends

from benuo_gateway.events.domain.access import readable_pillars
from benuo_gateway.events.domain.filters import parse_filters, plan_streams
from benuo_runtime.auth import Principal, Role
from benuo_runtime.problems import ProblemError

Authenticate = Callable[..., Any]
"""A FastAPI dependency returning the caller's ``Principal`` (possibly the anonymous one)."""


def reader_of(authenticate: Authenticate) -> Callable[..., Principal]:
    """Signed-in callers; event streams are not open to the anonymous public."""

    def reader(principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
        if principal.is_anonymous:
            raise ProblemError(
                401,
                "Sign in (or use an API key) to read events.",
                kind="unauthorized",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return principal

    return reader


def integrator_of(authenticate: Authenticate) -> Callable[..., Principal]:
    """Integrators and admins: the callers who may manage webhooks."""

    def integrator(principal: Annotated[Principal, Depends(reader_of(authenticate))]) -> Principal:
        if not principal.has_role(Role.INTEGRATOR):
            raise ProblemError(403, "Webhooks need the integrator role.", kind="forbidden")
        return principal

    return integrator


def invalid(field: str, message: str) -> ProblemError:
    return ProblemError(
        422,
        message,
        kind="validation-error",
        title="Your request is not valid",
        errors=[{"field": field, "message": message, "code": "invalid"}],
    )


def stream_plan(principal: Principal, filters: Iterable[str], field: str) -> dict[str, list[str]]:
    """The streams and filters ``principal`` reads for ``filters``; 422 or 403 otherwise."""
    try:
        plan = plan_streams(parse_filters(filters), readable_pillars(principal.scopes))
    except PermissionError as error:
        raise ProblemError(403, f"{error}.", kind="forbidden") from None
    except ValueError as error:
        raise invalid(field, str(error)) from None
    if not plan:
        raise ProblemError(403, "Your credentials allow none of these events.", kind="forbidden")
    return plan
