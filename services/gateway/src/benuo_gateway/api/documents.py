"""Documents for integrators: the AsyncAPI contract and the gateway's public signing keys."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request, Response

from benuo_contract import build_asyncapi
from benuo_gateway.gateway import Gateway

router = APIRouter(tags=["documents"])
_ASYNCAPI = orjson.dumps(build_asyncapi())


@router.get("/asyncapi.json", summary="The event contract (AsyncAPI 3.0)")
async def asyncapi() -> Response:
    return Response(
        _ASYNCAPI, media_type="application/json", headers={"cache-control": "public, max-age=300"}
    )


@router.get(
    "/.well-known/jwks.json", summary="Keys that verify the gateway's tokens (for the services)"
)
async def jwks(request: Request) -> dict[str, Any]:
    gateway: Gateway = request.app.state.gateway
    keys = gateway.internal_tokens.issuer.jwks()["keys"]
    if gateway.local_tokens is not None and gateway.local_tokens.public_jwk not in keys:
        keys = [*keys, gateway.local_tokens.public_jwk]
    return {"keys": keys}
