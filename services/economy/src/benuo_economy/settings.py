"""Settings of the economy service (the runtime's, plus its own)."""

from pydantic import Field, model_validator

from benuo_economy.domain.alerts import AlertRules
from benuo_economy.domain.observations import Plausibility
from benuo_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "economy"
    port: int = 8002

    alert_rising_pct: float = Field(default=5, gt=0, description="Rise above which: rising")
    alert_waspada_pct: float = Field(default=8, gt=0, description="Rise above which: waspada")
    alert_siaga_pct: float = Field(default=12, gt=0, description="Rise above which: siaga")
    alert_awas_pct: float = Field(default=20, gt=0, description="Rise above which: awas")
    alert_window_days: int = Field(default=7, ge=1, description="Trailing average window")
    alert_previous_max_age_days: int = Field(
        default=14, ge=1, description="An older observation is not 'the previous' one"
    )
    price_plausibility_factor: float = Field(
        default=5, gt=1, description="A price this many times the last one needs confirming"
    )

    @model_validator(mode="after")
    def _rules_are_consistent(self) -> "Settings":
        self.alert_rules()  # raises ValueError naming the problem
        return self

    def alert_rules(self) -> AlertRules:
        return AlertRules(
            rising_pct=self.alert_rising_pct,
            waspada_pct=self.alert_waspada_pct,
            siaga_pct=self.alert_siaga_pct,
            awas_pct=self.alert_awas_pct,
            window_days=self.alert_window_days,
            previous_max_age_days=self.alert_previous_max_age_days,
        )

    def plausibility(self) -> Plausibility:
        return Plausibility(self.price_plausibility_factor)
