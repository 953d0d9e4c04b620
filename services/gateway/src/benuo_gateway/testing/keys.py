"""The gateway's signing key for a test, the JWKS services verify with, and end-user tokens."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benuo_runtime.auth import Principal, Role, TokenIssuer, generate_signing_key

NO_NATS = "nats://127.0.0.1:1"  # for gateways and services that need no events in a test


@dataclass
class GatewayKeys:
    """``users`` mints end-user tokens the way the gateway's local sign-in does."""

    pem_path: Path
    jwks_path: Path
    users: TokenIssuer

    def user_token(self, *roles: Role | str, subject: str | None = None, **claims: Any) -> str:
        principal = Principal(
            subject=subject or f"user-{uuid.uuid4().hex[:8]}",
            roles=frozenset(Role(role) for role in roles),
            pillars=frozenset(claims.pop("pillars", ())),
            agencies=frozenset(claims.pop("agencies", ())),
        )
        return self.users.mint(principal, **claims)

    def user(self, *roles: Role | str, **options: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.user_token(*roles, **options)}"}


def make_gateway_keys(folder: Path) -> GatewayKeys:
    pem = generate_signing_key()
    (folder / "signing.pem").write_bytes(pem)
    internal = TokenIssuer(pem, issuer="benuo-gateway", audience="benuo-services")
    (folder / "jwks.json").write_text(json.dumps(internal.jwks()))
    users = TokenIssuer(pem, issuer="benuo-local", audience="benuo-gateway")
    return GatewayKeys(folder / "signing.pem", folder / "jwks.json", users)
