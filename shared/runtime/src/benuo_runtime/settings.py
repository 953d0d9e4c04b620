"""Settings from the environment (twelve-factor), with defaults that work on a laptop."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOCAL_STATE_DIR = Path(".benuo")
DEFAULT_NATS_URL = "nats://127.0.0.1:14222"
DEFAULT_REDIS_URL = "redis://127.0.0.1:16379/0"


class ServiceSettings(BaseSettings):
    """What every Benuo service reads. Each variable is documented in the README's table."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", frozen=True)

    service_name: str = Field(default="benuo", description="Names logs, traces and durables")
    environment: Literal["local", "test", "production"] = "local"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    database_url: str = Field(
        default="", description="SQLAlchemy URL; SQLite file under .benuo/ when empty"
    )
    nats_url: str = DEFAULT_NATS_URL
    nats_creds_file: Path | None = Field(default=None, description="NATS credentials (.creds)")
    nats_user: str | None = None
    nats_password: str | None = None
    redis_url: str = DEFAULT_REDIS_URL

    provision_streams: bool = Field(
        default=True, description="Create or update the JetStream streams at start-up"
    )
    stream_max_age_days: float = Field(default=30, gt=0)
    stream_duplicate_window_seconds: float = Field(default=120, ge=120)
    stream_replicas: int = Field(default=1, ge=1, le=5)

    relay_batch_size: int = Field(default=500, ge=1, le=10_000)
    relay_poll_seconds: float = Field(default=1.0, gt=0)
    relay_publish_timeout_seconds: float = Field(default=5.0, gt=0)
    outbox_retention_hours: float = Field(default=24, gt=0)

    consumer_batch_size: int = Field(default=100, ge=1, le=1000)
    consumer_max_deliver: int = Field(default=5, ge=1)
    consumer_ack_wait_seconds: float = Field(default=30, gt=0)
    consumer_backoff_seconds: float = Field(default=0.5, gt=0)
    consumer_backoff_max_seconds: float = Field(default=60, gt=0)

    auth_jwks_url: str | None = Field(default=None, description="JWKS of the token issuer")
    auth_jwks_path: Path | None = Field(default=None, description="JWKS file, instead of a URL")
    auth_issuer: str = "benuo-gateway"
    auth_audience: str = "benuo-services"

    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    log_level: str = "INFO"
    shutdown_grace_seconds: float = Field(default=10, gt=0)

    @model_validator(mode="after")
    def _sqlite_by_default(self) -> ServiceSettings:
        if not self.database_url:
            path = LOCAL_STATE_DIR / f"{self.service_name}.db"
            object.__setattr__(self, "database_url", f"sqlite:///{path}")
        return self

    @property
    def stream_max_age_seconds(self) -> float:
        return self.stream_max_age_days * 86_400
