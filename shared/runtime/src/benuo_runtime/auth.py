"""Who is calling: short-lived JWTs verified against a JWKS, and role checks.

The gateway authenticates end users and machine clients (OIDC tokens, API keys), then calls
the services with a short-lived token of its own carrying the normalised principal. Services
verify that token again (defence in depth): a request that reaches a service directly
without one is refused, whatever the route.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
import uuid
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import Depends, Request
from jwt.algorithms import OKPAlgorithm
from pydantic import BaseModel, ConfigDict

from benuo_runtime.problems import ProblemError

ALGORITHM = "EdDSA"


class Role(StrEnum):
    CITIZEN = "citizen"
    OFFICER = "officer"
    ADMIN = "admin"
    INTEGRATOR = "integrator"


class Principal(BaseModel):
    """The caller, as every service sees it. ``subject`` 'anonymous' with no roles is the public."""

    model_config = ConfigDict(frozen=True)

    subject: str
    roles: frozenset[Role] = frozenset()
    pillars: frozenset[str] = frozenset()
    agencies: frozenset[str] = frozenset()
    scopes: frozenset[str] = frozenset()

    @property
    def is_anonymous(self) -> bool:
        return not self.roles

    @property
    def is_admin(self) -> bool:
        return Role.ADMIN in self.roles

    def has_role(self, *roles: Role) -> bool:
        return self.is_admin or any(role in self.roles for role in roles)

    def is_officer_of(self, pillar: str) -> bool:
        return self.is_admin or (Role.OFFICER in self.roles and pillar in self.pillars)

    def acts_for_agency(self, agency: str) -> bool:
        return self.is_admin or (Role.OFFICER in self.roles and agency in self.agencies)

    def to_claims(self) -> dict[str, Any]:
        return {
            "sub": self.subject,
            "roles": sorted(self.roles),
            "pillars": sorted(self.pillars),
            "agencies": sorted(self.agencies),
            "scope": " ".join(sorted(self.scopes)),
        }

    @classmethod
    def from_claims(cls, claims: dict[str, Any]) -> Principal:
        return cls(
            subject=str(claims["sub"]),
            roles=frozenset(Role(role) for role in claims.get("roles", ()) if role in _ROLE_NAMES),
            pillars=frozenset(claims.get("pillars", ())),
            agencies=frozenset(claims.get("agencies", ())),
            scopes=frozenset(str(claims.get("scope", "")).split()),
        )


ANONYMOUS = Principal(subject="anonymous")
_ROLE_NAMES = frozenset(role.value for role in Role)


class KeySet:
    """Public keys by ``kid``, from a JWKS file or URL; an unknown ``kid`` triggers one refetch."""

    def __init__(
        self,
        *,
        url: str | None = None,
        path: Path | None = None,
        jwks: dict[str, Any] | None = None,
    ) -> None:
        if not (url or path or jwks):
            raise ValueError("a JWKS url, path or document is needed to verify tokens")
        self._url, self._path, self._static = url, path, jwks
        self._keys: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def key(self, kid: str) -> Any:
        with self._lock:
            if kid not in self._keys and time.monotonic() - self._fetched_at > 5:
                self._keys = self._load()
                self._fetched_at = time.monotonic()
            return self._keys.get(kid)

    def _load(self) -> dict[str, Any]:
        if self._static is not None:
            document = self._static
        elif self._path is not None:
            document = json.loads(self._path.read_text())
        else:
            assert self._url is not None
            document = jwt.PyJWKClient(self._url, cache_keys=False).fetch_data()
        return {key["kid"]: jwt.PyJWK(key).key for key in document.get("keys", ()) if "kid" in key}


class TokenVerifier:
    def __init__(self, keys: KeySet, *, issuer: str, audience: str, leeway: float = 30) -> None:
        self._keys, self._issuer, self._audience, self._leeway = keys, issuer, audience, leeway

    def verify(self, token: str) -> Principal:
        """The principal a token carries; ``ProblemError`` 401 saying what is wrong otherwise."""
        try:
            header = jwt.get_unverified_header(token)
            key = self._keys.key(str(header.get("kid", "")))
            if key is None:
                raise jwt.InvalidTokenError("signed with an unknown key")
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise _unauthorized("The access token has expired.") from None
        except jwt.InvalidAudienceError:
            raise _unauthorized("The access token is not meant for this service.") from None
        except jwt.InvalidTokenError as error:
            raise _unauthorized(f"The access token is not valid: {error}.") from None
        return Principal.from_claims(claims)


class TokenIssuer:
    """Signs short-lived tokens (the gateway's internal ones, and the local sign-in's)."""

    def __init__(self, private_key_pem: bytes, *, issuer: str, audience: str) -> None:
        key = serialization.load_pem_private_key(private_key_pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the signing key must be an Ed25519 private key")
        self._key = key
        self.issuer, self.audience = issuer, audience
        self.public_jwk = _public_jwk(key)

    def mint(
        self, principal: Principal, *, ttl_seconds: float = 300, extra: dict[str, Any] | None = None
    ) -> str:
        now = int(time.time())
        claims = {
            **principal.to_claims(),
            **(extra or {}),
            "iss": self.issuer,
            "aud": self.audience,
            "iat": now,
            "exp": now + int(ttl_seconds),
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(
            claims, self._key, algorithm=ALGORITHM, headers={"kid": self.public_jwk["kid"]}
        )

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.public_jwk]}


def generate_signing_key() -> bytes:
    """A new Ed25519 private key, PEM-encoded."""
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _public_jwk(key: Ed25519PrivateKey) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(OKPAlgorithm.to_jwk(key.public_key()))
    jwk.update({"use": "sig", "alg": ALGORITHM, "kid": _thumbprint(jwk)})
    return jwk


def _thumbprint(jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint: the same key always gets the same ``kid``."""
    canonical = json.dumps({k: jwk[k] for k in ("crv", "kty", "x")}, separators=(",", ":"))
    return (
        base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
    )


def _unauthorized(detail: str) -> ProblemError:
    return ProblemError(
        401,
        detail,
        kind="unauthorized",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise _unauthorized("Use 'Authorization: Bearer <token>'.")
    return token.strip()


def caller(request: Request) -> Principal:
    """Every API route's base dependency: a verified principal (possibly the anonymous one)."""
    token = _bearer(request)
    if token is None:
        raise ProblemError(
            401,
            "This service needs an access token; call it through the gateway.",
            kind="unauthorized",
            headers={"WWW-Authenticate": "Bearer"},
        )
    verifier: TokenVerifier = request.app.state.runtime.verifier
    principal = verifier.verify(token)
    request.state.principal = principal
    return principal


Caller = Annotated[Principal, Depends(caller)]


def signed_in(principal: Caller) -> Principal:
    if principal.is_anonymous:
        raise ProblemError(
            401, "Sign in to do this.", kind="unauthorized", headers={"WWW-Authenticate": "Bearer"}
        )
    return principal


SignedIn = Annotated[Principal, Depends(signed_in)]


def require_roles(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that lets through admins and callers holding one of ``roles``."""

    def check(principal: SignedIn) -> Principal:
        if not principal.has_role(*roles):
            wanted = " or ".join(role.value for role in roles)
            raise ProblemError(403, f"This needs the {wanted} role.", kind="forbidden")
        return principal

    return check


def require_officer_of(pillar: str) -> Callable[[Principal], Principal]:
    """A dependency for officers of ``pillar`` (and admins)."""

    def check(principal: SignedIn) -> Principal:
        if not principal.is_officer_of(pillar):
            raise ProblemError(
                403, f"This needs an officer of the {pillar} pillar.", kind="forbidden"
            )
        return principal

    return check
