"""``/openapi.json``: the gateway's own operations merged with every upstream's, kept fresh."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import orjson
from fastapi import FastAPI

from benuo_gateway.domain.openapi_merge import OPTIONAL_AUTH, merge_openapi
from benuo_gateway.gateway import Gateway

log = logging.getLogger(__name__)
RETRY_MISSING_SECONDS = 5.0

SECURITY_SCHEMES: dict[str, Any] = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "A token from the identity provider (or the local sign-in).",
    },
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
    "localSignIn": {
        "type": "oauth2",
        "description": "Demo users, local use only.",
        "flows": {"password": {"tokenUrl": "/api/v1/auth/token", "scopes": {}}},
    },
}


class MergedOpenApi:
    def __init__(self, own: Callable[[], dict[str, Any]], gateway: Gateway) -> None:
        self._own = own
        self._gateway = gateway
        self._upstream_docs: dict[str, dict[str, Any]] = {}
        self._merged: dict[str, Any] | None = None

    def document(self) -> dict[str, Any]:
        if self._merged is None:
            own = self._own()
            own.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
            own["security"] = [*OPTIONAL_AUTH, {"localSignIn": []}]
            self._merged = merge_openapi(own, self._upstream_docs, self._gateway.routes)
        return self._merged

    @property
    def missing(self) -> list[str]:
        return [name for name in self._gateway.routes.upstreams if name not in self._upstream_docs]

    async def refresh(self) -> None:
        for name, upstream in self._gateway.routes.upstreams.items():
            try:
                answer = await self._gateway.upstreams.send(
                    upstream, "GET", "/openapi.json", [], b"", retryable=True
                )
                if answer.status == 200:
                    document = orjson.loads(answer.body)
                    if document != self._upstream_docs.get(name):
                        self._upstream_docs[name] = document
                        self._merged = None
            except Exception as error:
                log.info("openapi of %s not available", name, extra={"error": repr(error)})

    @asynccontextmanager
    async def refreshing(self) -> AsyncIterator[None]:
        async def loop() -> None:
            while True:
                await self.refresh()
                every = self._gateway.settings.openapi_refresh_seconds
                await asyncio.sleep(RETRY_MISSING_SECONDS if self.missing else every)

        task = asyncio.create_task(loop(), name="openapi-refresh")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def serve_merged_openapi(app: FastAPI, gateway: Gateway) -> MergedOpenApi:
    merged = MergedOpenApi(app.openapi, gateway)
    app.openapi = merged.document  # type: ignore[method-assign]
    return merged
