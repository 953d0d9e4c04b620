"""Raw ASGI responses: what the edge answers without going through FastAPI."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import orjson
from starlette.types import Send

from benuo_gateway.domain.open311 import error_answer, is_open311
from benuo_gateway.edge.upstream_client import UpstreamFailure
from benuo_runtime.problems import PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, ProblemError

Headers = list[tuple[bytes, bytes]]


async def send_response(
    send: Send, status: int, headers: Headers, body: bytes, *, head: bool = False
) -> None:
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})


def problem_body(
    status: int, detail: str, *, kind: str | None, instance: str, **extensions: Any
) -> bytes:
    return orjson.dumps(
        {
            "type": f"{PROBLEM_TYPE_BASE}{kind}" if kind else "about:blank",
            "title": HTTPStatus(status).phrase,
            "status": status,
            "detail": detail,
            "instance": instance,
            **extensions,
        }
    )


async def send_problem(
    send: Send,
    status: int,
    detail: str,
    *,
    kind: str | None,
    instance: str,
    headers: Headers,
    **extensions: Any,
) -> None:
    if is_open311(instance):
        status, content_type, body = error_answer(instance, status, detail)
        headers.append((b"content-type", content_type))
    else:
        body = problem_body(status, detail, kind=kind, instance=instance, **extensions)
        headers.append((b"content-type", PROBLEM_CONTENT_TYPE.encode()))
    await send_response(send, status, headers, body)


async def send_problem_error(
    send: Send, error: ProblemError, instance: str, headers: Headers
) -> None:
    for name, value in (error.headers or {}).items():
        headers.append((name.lower().encode("latin-1"), value.encode("latin-1")))
    await send_problem(
        send,
        error.status,
        error.detail,
        kind=error.kind,
        instance=instance,
        headers=headers,
        **error.extensions,
    )


async def send_upstream_failure(
    send: Send, failure: UpstreamFailure, instance: str, headers: Headers
) -> None:
    if failure.retry_after is not None:
        headers.append((b"retry-after", str(failure.retry_after).encode()))
    await send_problem(
        send,
        failure.status,
        failure.detail,
        kind="upstream-timeout" if failure.status == 504 else "upstream-unavailable",
        instance=instance,
        headers=headers,
        upstream=failure.upstream,
    )
