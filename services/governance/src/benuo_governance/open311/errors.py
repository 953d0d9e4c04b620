"""Open311 errors: ``[{code, description}]`` (XML ``<errors><error>``) with 400, 403 or 404.

The runtime answers errors with problem+json; under /open311/ the same errors are rendered
the GeoReport way instead, whatever raised them (a route, validation, the caller check).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from benuo_governance.open311 import PREFIX
from benuo_governance.open311.render import Format, respond
from benuo_runtime.problems import ProblemError, validation_errors

Handler = Callable[[Request, Exception], Awaitable[Response]]
# GeoReport speaks of 400 (bad input), 403 (bad or missing api_key) and 404 (not found).
_STATUS = {400: 400, 401: 403, 403: 403, 404: 404, 409: 400, 413: 400, 422: 400}


class Open311Error(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _describe(exc: Exception) -> tuple[int, str]:
    if isinstance(exc, Open311Error):
        return exc.status, exc.description
    if isinstance(exc, ProblemError):
        fields = exc.extensions.get("errors") or []
        details = "; ".join(f"{e['field']}: {e['message']}" for e in fields)
        return exc.status, f"{exc.detail} {details}".strip()
    if isinstance(exc, RequestValidationError):
        errors = validation_errors(exc.errors())
        return 400, "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    if isinstance(exc, StarletteHTTPException):
        phrase = HTTPStatus(exc.status_code).phrase
        return exc.status_code, f"{phrase}: see {PREFIX}/discovery.json for the endpoints."
    return 500, "An unexpected error occurred; it has been logged."


def error_response(request: Request, status: int, description: str) -> Response:
    fmt: Format = "xml" if request.url.path.endswith(".xml") else "json"
    status = _STATUS.get(status, status)
    return respond(
        [{"code": status, "description": description}], fmt, root="errors", status_code=status
    )


def install_open311_errors(app: FastAPI) -> None:
    """Render errors under /open311/ as Open311 errors; leave every other path as it was."""
    previous: dict[type[Exception], Any] = {
        exc_class: app.exception_handlers[exc_class]
        for exc_class in (ProblemError, RequestValidationError, StarletteHTTPException)
    }

    def handler_for(exc_class: type[Exception]) -> Handler:
        async def handle(request: Request, exc: Exception) -> Response:
            if request.url.path.startswith(PREFIX + "/") or exc_class is Open311Error:
                return error_response(request, *_describe(exc))
            response: Response = await previous[exc_class](request, exc)
            return response

        return handle

    for exc_class in (*previous, Open311Error):
        app.add_exception_handler(exc_class, handler_for(exc_class))
