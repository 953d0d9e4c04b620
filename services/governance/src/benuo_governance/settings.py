"""Settings of the governance service (the runtime's, plus its own)."""

from benuo_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "governance"
    port: int = 8001
