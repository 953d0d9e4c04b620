"""Settings of the economy service (the runtime's, plus its own)."""

from benuo_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "economy"
    port: int = 8002
