"""Who is calling: an end user's bearer token, a machine client's API key, or nobody."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from benuo_gateway.domain.ratelimit import CallerKind
from benuo_gateway.security.api_keys import KEY_PREFIX, ApiKeyVerifier
from benuo_gateway.security.errors import unauthorized
from benuo_gateway.security.user_tokens import UserTokens
from benuo_runtime.auth import ANONYMOUS, Principal


@dataclass(frozen=True)
class Identity:
    principal: Principal
    kind: CallerKind
    rate_key: str  # whom rate limits count against

    @property
    def is_api_key(self) -> bool:
        return self.kind is CallerKind.KEY


class Authenticator:
    def __init__(self, user_tokens: UserTokens, api_keys: ApiKeyVerifier) -> None:
        self.user_tokens = user_tokens
        self.api_keys = api_keys

    async def identify(
        self, authorization: str | None, api_key: str | None, client_ip: str
    ) -> Identity:
        """Raises ``ProblemError`` 401 for credentials that are present but not valid."""
        token = _bearer(authorization) if authorization else None
        if api_key is None and token is not None and token.startswith(KEY_PREFIX):
            api_key, token = token, None
        if api_key is not None:
            principal = await self.api_keys.principal_for(api_key.strip())
            return Identity(principal, CallerKind.KEY, f"key:{principal.subject}")
        if token is not None:
            user = self.user_tokens.cached(token)
            if user is None:
                user = await asyncio.to_thread(self.user_tokens.verify, token)
            return Identity(user, CallerKind.USER, f"user:{user.subject}")
        return Identity(ANONYMOUS, CallerKind.IP, f"ip:{client_ip}")


def _bearer(header: str) -> str:
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise unauthorized("Use 'Authorization: Bearer <token>' or 'X-API-Key: <key>'.")
    return token.strip()
