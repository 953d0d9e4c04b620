"""Settings of the gateway (the runtime's, plus its own); every field is an environment variable."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from benuo_gateway.events.settings import EventsSettings
from benuo_gateway.local import DEFAULT_DEMO_PASSWORD
from benuo_runtime.settings import ServiceSettings

DEFAULT_RATE_LIMITS: dict[str, dict[str, str]] = {
    "read": {"ip": "600/minute", "user": "1200/minute", "key": "6000/minute"},
    "write": {"ip": "60/minute", "user": "300/minute", "key": "1200/minute"},
    "auth": {"ip": "30/minute", "user": "30/minute", "key": "30/minute"},
    "events": {"ip": "30/minute", "user": "60/minute", "key": "120/minute"},
}


class Settings(ServiceSettings, EventsSettings):
    """The runtime's settings, the event streams' (``SSE_*``, ``WEBHOOK_*``) and the edge's."""

    service_name: str = "gateway"
    port: int = 8000

    governance_url: str = "http://127.0.0.1:8001"
    economy_url: str = "http://127.0.0.1:8002"
    living_url: str = "http://127.0.0.1:8003"
    extra_upstreams: dict[str, str] = Field(
        default_factory=dict,
        description="More pillar services as JSON {name: base URL}, served at /api/v1/<name>/",
    )
    upstream_connect_timeout_seconds: float = Field(default=2.0, gt=0)
    upstream_timeout_seconds: float = Field(default=10.0, gt=0)
    upstream_retries: int = Field(default=1, ge=0, le=5)
    upstream_pool_size: int = Field(default=100, ge=1)
    breaker_failure_threshold: int = Field(default=5, ge=1)
    breaker_reset_seconds: float = Field(default=10.0, gt=0)

    auth_signing_key_path: Path | None = Field(
        default=None, description="Ed25519 PEM that signs internal tokens; ephemeral when unset"
    )
    internal_token_ttl_seconds: float = Field(default=120, ge=10)
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    oidc_jwks_url: str | None = None
    oidc_client_id: str | None = Field(
        default=None, description="Keycloak client whose resource_access roles also count"
    )
    local_auth_enabled: bool | None = Field(
        default=None, description="Built-in token endpoint with demo users; off in production"
    )
    local_token_issuer: str = "benuo-local"  # noqa: S105 - an issuer name
    local_token_audience: str = "benuo-gateway"  # noqa: S105 - an audience name
    local_token_ttl_seconds: float = Field(default=3600, ge=60)
    local_demo_password: str = DEFAULT_DEMO_PASSWORD
    api_key_cache_seconds: float = Field(default=5.0, ge=0)

    cors_allow_origins: list[str] = Field(default_factory=lambda: ["*"])
    rate_limit_enabled: bool = True
    rate_limits: dict[str, dict[str, str]] = Field(
        default_factory=lambda: DEFAULT_RATE_LIMITS,
        description='Per route group and caller kind, e.g. {"read": {"ip": "600/minute"}}',
    )

    cache_enabled: bool = True
    cache_default_ttl_seconds: float = Field(default=30, gt=0)
    cache_local_ttl_seconds: float = Field(default=10, ge=0)
    cache_local_max_entries: int = Field(default=2000, ge=0)
    cache_max_entry_bytes: int = Field(default=512 * 1024, ge=1024)
    cache_invalidation_margin_seconds: float = Field(default=0.5, ge=0)
    idempotency_ttl_seconds: float = Field(default=86_400, gt=0)
    redis_timeout_seconds: float = Field(default=0.5, gt=0)
    redis_retry_seconds: float = Field(default=2.0, gt=0)
    openapi_refresh_seconds: float = Field(default=30, gt=0)
    access_log: bool = True

    @model_validator(mode="after")
    def _local_auth_off_in_production(self) -> Settings:
        if self.local_auth_enabled is None:
            object.__setattr__(self, "local_auth_enabled", self.environment != "production")
        if self.environment == "production" and self.auth_signing_key_path is None:
            raise ValueError("Set AUTH_SIGNING_KEY_PATH: production needs a stable signing key.")
        oidc = (self.oidc_issuer, self.oidc_audience, self.oidc_jwks_url)
        if any(oidc) and not all(oidc):
            raise ValueError("Set all of OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL, or none.")
        return self

    @property
    def upstreams(self) -> dict[str, str]:
        """Every upstream service by name (its API lives under /api/v1/<name>/)."""
        return {
            "governance": self.governance_url,
            "economy": self.economy_url,
            "living": self.living_url,
            **self.extra_upstreams,
        }

    @property
    def local_sign_in(self) -> bool:
        return bool(self.local_auth_enabled)
