"""Settings of the living service (the runtime's, plus its own)."""

from benuo_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "living"
    port: int = 8003
