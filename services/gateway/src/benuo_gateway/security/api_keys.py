"""API keys for machine clients: created by admins, shown once, kept only as a hash."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
import uuid
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from benuo_gateway.models import ApiKey
from benuo_gateway.security.errors import unauthorized
from benuo_runtime.auth import Principal, Role
from benuo_runtime.db import SessionFactory

KEY_PREFIX = "bnk_"


def hash_secret(secret: str) -> str:
    # The secret is 256 random bits, so a plain digest is enough (no need for a slow KDF).
    return hashlib.sha256(secret.encode()).hexdigest()


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def principal_of(key: ApiKey) -> Principal:
    return Principal(
        subject=f"apikey:{key.id}",
        roles=frozenset(Role(role) for role in key.roles.split()),
        pillars=frozenset(key.pillars.split()),
        agencies=frozenset(key.agencies.split()),
        scopes=frozenset(key.scopes.split()),
    )


def new_key(
    *,
    name: str,
    roles: list[str],
    pillars: list[str],
    agencies: list[str],
    scopes: list[str],
    expires_at: datetime | None,
    created_by: str,
) -> tuple[ApiKey, str]:
    """A new key row and its secret (the only time the secret exists in clear)."""
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        id=uuid.uuid4().hex,
        name=name,
        prefix=secret[:12],
        secret_hash=hash_secret(secret),
        roles=" ".join(sorted(set(roles))),
        pillars=" ".join(sorted(set(pillars))),
        agencies=" ".join(sorted(set(agencies))),
        scopes=" ".join(sorted(set(scopes))),
        expires_at=expires_at,
        created_by=created_by,
    )
    return key, secret


class ApiKeyVerifier:
    """Secret -> principal, with a short per-process memory so the hot path skips the database.

    Revocation is seen at once by the replica that revoked, and by others within
    ``cache_seconds``.
    """

    def __init__(self, sessions: SessionFactory, cache_seconds: float) -> None:
        self._sessions = sessions
        self._cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, ApiKey | None]] = {}

    async def principal_for(self, secret: str) -> Principal:
        digest = hash_secret(secret)
        hit = self._cache.get(digest)
        now = time.monotonic()
        if hit is not None and hit[0] > now:
            key = hit[1]
        else:
            key = await asyncio.to_thread(self._load, digest)
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[digest] = (now + self._cache_seconds, key)
        if key is None:
            raise unauthorized("The API key is not valid.")
        if key.revoked_at is not None:
            raise unauthorized("The API key has been revoked.")
        expires_at = as_utc(key.expires_at)
        if expires_at is not None and expires_at <= datetime.now(UTC):
            raise unauthorized("The API key has expired.")
        return principal_of(key)

    def forget(self, key: ApiKey) -> None:
        self._cache.pop(key.secret_hash, None)

    def _load(self, digest: str) -> ApiKey | None:
        with self._sessions() as session:
            return _by_hash(session, digest)


def _by_hash(session: Session, digest: str) -> ApiKey | None:
    return session.exec(select(ApiKey).where(col(ApiKey.secret_hash) == digest)).first()
