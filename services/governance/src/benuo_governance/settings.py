"""Settings of the governance service (the runtime's, plus its own)."""

from pydantic import Field

from benuo_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "governance"
    port: int = 8001

    sla_verification_working_days: int = Field(
        default=3, ge=1, le=30, description="SP4N-LAPOR!: reports are verified within 3"
    )
    sla_cuti_bersama_is_holiday: bool = Field(
        default=True, description="Count cuti bersama as non-working days (offices are closed)"
    )
    sla_sweep_seconds: float = Field(
        default=60, ge=0, description="How often each replica looks for missed deadlines; 0: never"
    )
    sqlite_analyze_seconds: float = Field(
        default=3600, ge=0, description="How often to refresh SQLite's planner statistics; 0: never"
    )
    duplicate_radius_m: float = Field(default=150, gt=0, le=5000)
    duplicate_window_days: int = Field(default=30, ge=1, le=365)

    open311_jurisdiction_id: str = "penajamkab.go.id"
    open311_base_url: str = Field(
        default="http://127.0.0.1:8000/open311/v2",
        description="Where clients reach Open311 (the gateway), named in the discovery file",
    )
    open311_contact: str = Field(
        default="Diskominfo Kabupaten Penajam Paser Utara, https://penajamkab.go.id",
        description="Who integrators contact, published in the discovery file",
    )
