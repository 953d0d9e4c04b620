"""Everything the gateway is made of, built once from the settings."""

from __future__ import annotations

from dataclasses import dataclass

from benuo_gateway.domain.cache_policy import CachePolicy
from benuo_gateway.domain.ratelimit import RatePolicy
from benuo_gateway.domain.routing import RouteTable
from benuo_gateway.edge.observe import ExchangeObserver
from benuo_gateway.edge.upstream_client import UpstreamClient
from benuo_gateway.security.api_keys import ApiKeyVerifier
from benuo_gateway.security.authenticator import Authenticator
from benuo_gateway.security.internal import InternalTokens, load_signing_key
from benuo_gateway.security.user_tokens import OidcProvider, UserTokens
from benuo_gateway.settings import Settings
from benuo_gateway.store.idempotency_store import IdempotencyStore
from benuo_gateway.store.rate_limiter import RateLimiter
from benuo_gateway.store.response_cache import ResponseCache
from benuo_gateway.store.shared_redis import SharedRedis
from benuo_runtime.auth import TokenIssuer
from benuo_runtime.db import SessionFactory


@dataclass
class Gateway:
    settings: Settings
    routes: RouteTable
    upstreams: UpstreamClient
    internal_tokens: InternalTokens
    local_tokens: TokenIssuer | None
    authenticator: Authenticator
    redis: SharedRedis
    rate_policy: RatePolicy
    rate_limiter: RateLimiter
    cache_policy: CachePolicy
    cache: ResponseCache
    idempotency: IdempotencyStore
    observer: ExchangeObserver


def build_gateway(settings: Settings, sessions: SessionFactory) -> Gateway:
    routes = RouteTable(settings.upstreams)
    key = load_signing_key(settings.auth_signing_key_path)
    local = (
        TokenIssuer(key, issuer=settings.local_token_issuer, audience=settings.local_token_audience)
        if settings.local_sign_in
        else None
    )
    oidc = (
        OidcProvider(
            issuer=settings.oidc_issuer,
            audience=settings.oidc_audience,
            jwks_url=settings.oidc_jwks_url,
            client_id=settings.oidc_client_id,
        )
        if settings.oidc_issuer and settings.oidc_audience and settings.oidc_jwks_url
        else None
    )
    redis = SharedRedis(
        settings.redis_url,
        timeout_seconds=settings.redis_timeout_seconds,
        retry_seconds=settings.redis_retry_seconds,
    )
    return Gateway(
        settings=settings,
        routes=routes,
        upstreams=UpstreamClient(
            routes.upstreams,
            pool_size=settings.upstream_pool_size,
            connect_timeout=settings.upstream_connect_timeout_seconds,
            timeout=settings.upstream_timeout_seconds,
            retries=settings.upstream_retries,
            failure_threshold=settings.breaker_failure_threshold,
            reset_seconds=settings.breaker_reset_seconds,
        ),
        internal_tokens=InternalTokens(
            TokenIssuer(key, issuer=settings.auth_issuer, audience=settings.auth_audience),
            settings.internal_token_ttl_seconds,
        ),
        local_tokens=local,
        authenticator=Authenticator(
            UserTokens(local=local, oidc=oidc),
            ApiKeyVerifier(sessions, settings.api_key_cache_seconds),
        ),
        redis=redis,
        rate_policy=RatePolicy(settings.rate_limits),
        rate_limiter=RateLimiter(redis),
        cache_policy=CachePolicy(settings.cache_default_ttl_seconds),
        cache=ResponseCache(
            redis,
            local_ttl_seconds=settings.cache_local_ttl_seconds,
            local_max_entries=settings.cache_local_max_entries,
            max_entry_bytes=settings.cache_max_entry_bytes,
            invalidation_margin_seconds=settings.cache_invalidation_margin_seconds,
        ),
        idempotency=IdempotencyStore(redis, settings.idempotency_ttl_seconds),
        observer=ExchangeObserver(settings.service_name, log_access=settings.access_log),
    )
