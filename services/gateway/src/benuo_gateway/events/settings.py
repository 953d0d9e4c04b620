"""Settings of the event streams (SSE and webhooks), from the environment like the rest."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class EventsSettings(BaseSettings):
    """Each field is an environment variable of the same name in capitals."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    environment: Literal["local", "test", "production"] = "local"
    sse_keepalive_seconds: float = Field(
        default=15, gt=0, description="Idle time before an SSE comment keeps proxies from closing"
    )
    sse_max_connections: int = Field(
        default=500, ge=1, description="Open SSE streams per gateway replica; more get a 503"
    )
    webhook_timeout_seconds: float = Field(
        default=10, gt=0, description="How long one delivery may take, connecting included"
    )
    webhook_backoff_seconds: float = Field(default=1, gt=0, description="First retry delay")
    webhook_backoff_max_seconds: float = Field(default=600, gt=0, description="Longest delay")
    webhook_max_consecutive_failures: int = Field(
        default=15, ge=1, description="Failed attempts in a row that disable a subscription"
    )
    webhook_allow_private_addresses: bool | None = Field(
        default=None,
        description="Deliver to loopback/private networks; unset: allowed unless production",
    )
    webhook_reconcile_seconds: float = Field(
        default=2, gt=0, description="How often a replica picks up subscription changes"
    )
    webhook_maintenance_seconds: float = Field(
        default=300, gt=0, description="How often old log rows and orphan consumers are removed"
    )
    webhook_log_retention_days: float = Field(default=7, gt=0)

    @property
    def private_addresses_allowed(self) -> bool:
        if self.webhook_allow_private_addresses is None:
            return self.environment != "production"
        return self.webhook_allow_private_addresses
