"""End users' bearer tokens: the local sign-in's, and the OIDC provider's (e.g. Keycloak)."""

from __future__ import annotations

import time
from typing import Any

import jwt

from benuo_gateway.security.claims import principal_from_claims
from benuo_gateway.security.errors import unauthorized
from benuo_runtime.auth import KeySet, Principal, TokenIssuer, TokenVerifier

_OIDC_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]


class OidcProvider:
    def __init__(self, *, issuer: str, audience: str, jwks_url: str, client_id: str | None):
        self.issuer, self.audience, self.client_id = issuer, audience, client_id
        self._keys = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300)

    def verify(self, token: str) -> Principal:
        try:
            key = self._keys.get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=_OIDC_ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                leeway=30,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise unauthorized("The access token has expired.") from None
        except jwt.InvalidAudienceError:
            raise unauthorized("The access token is not meant for this API.") from None
        except jwt.PyJWKClientError as error:
            raise unauthorized(f"The token's signing key cannot be found: {error}.") from None
        except jwt.InvalidTokenError as error:
            raise unauthorized(f"The access token is not valid: {error}.") from None
        return principal_from_claims(claims, client_id=self.client_id)


class UserTokens:
    """Picks the verifier by the token's issuer; remembers verified tokens until they expire."""

    def __init__(
        self,
        *,
        local: TokenIssuer | None,
        oidc: OidcProvider | None,
        max_cached: int = 50_000,
    ) -> None:
        self.local_issuer = local
        self._local = (
            TokenVerifier(KeySet(jwks=local.jwks()), issuer=local.issuer, audience=local.audience)
            if local is not None
            else None
        )
        self._oidc = oidc
        self._cache: dict[str, tuple[float, Principal]] = {}
        self._max = max_cached

    def cached(self, token: str) -> Principal | None:
        hit = self._cache.get(token)
        if hit is None:
            return None
        if hit[0] <= time.time():
            del self._cache[token]
            return None
        return hit[1]

    def verify(self, token: str) -> Principal:
        """May fetch the provider's JWKS: call it off the event loop."""
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.InvalidTokenError:
            raise unauthorized("The access token is not a JWT.") from None
        issuer = unverified.get("iss")
        if self._local is not None and self.local_issuer and issuer == self.local_issuer.issuer:
            principal = self._local.verify(token)
        elif self._oidc is not None and issuer == self._oidc.issuer:
            principal = self._oidc.verify(token)
        else:
            raise unauthorized(f"Tokens issued by {issuer!r} are not accepted here.")
        if len(self._cache) >= self._max:
            self._cache.clear()
        self._cache[token] = (float(unverified.get("exp", 0)), principal)
        return principal
