"""RFC 9457 problem details: every error a caller sees, and nothing it should not."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://benuo.dev/problems/"

log = logging.getLogger(__name__)


class Problem(BaseModel):
    """The body of every error response (``application/problem+json``)."""

    type: str = Field(default="about:blank", description="URI naming the kind of problem")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="One entry per invalid field: where, what is wrong"
    )

    model_config = {"extra": "allow"}


class ProblemError(Exception):
    """Raise anywhere below a route to answer with a problem document.

    ``kind`` becomes the problem ``type`` (a stable slug clients can switch on);
    ``extensions`` are extra members such as ``current_status`` or ``allowed``.
    """

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        kind: str | None = None,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind
        self.title = title or HTTPStatus(status).phrase
        self.headers = headers
        self.extensions = extensions


def problem_response(
    status: int,
    detail: str | None,
    *,
    request: Request | None = None,
    kind: str | None = None,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    body = Problem(
        type=f"{PROBLEM_TYPE_BASE}{kind}" if kind else "about:blank",
        title=title or HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=request.url.path if request is not None else None,
        **extensions,
    )
    return JSONResponse(
        jsonable_encoder(body.model_dump(exclude_none=True)),
        status_code=status,
        headers=headers,
        media_type=PROBLEM_CONTENT_TYPE,
    )


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def validation_errors(errors: Any) -> list[dict[str, Any]]:
    """Pydantic's error list, reduced to what tells a caller what to fix (no input echo)."""
    return [
        {
            "field": _location(error.get("loc", ())),
            "message": error.get("msg", ""),
            "code": error.get("type", "invalid"),
        }
        for error in errors
    ]


async def _on_problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ProblemError)
    return problem_response(
        exc.status,
        exc.detail,
        request=request,
        kind=exc.kind,
        title=exc.title,
        headers=exc.headers,
        **exc.extensions,
    )


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(exc.errors())
    fields = ", ".join(sorted({error["field"] for error in errors})) or "the request"
    return problem_response(
        422,
        f"Invalid input in {fields}.",
        request=request,
        kind="validation-error",
        title="Your request is not valid",
        errors=errors,
    )


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"There is no resource at {request.url.path}."
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}."
    headers = dict(exc.headers) if exc.headers else None
    return problem_response(exc.status_code, detail, request=request, headers=headers)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", extra={"path": request.url.path})
    return problem_response(
        500, "An unexpected error occurred; it has been logged.", request=request
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Make every error of ``app`` a problem document, never a stack trace."""
    app.add_exception_handler(ProblemError, _on_problem)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)
