"""Settings of the gateway service (the runtime's, plus its own)."""

from benuo_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "gateway"
    port: int = 8000
