"""Settings of the living service (the runtime's, plus its own).

Maps and baskets are read from the environment as JSON, e.g.
``FACILITY_TYPE_BY_SERVICE_CODE='{"PJU-MATI": "street_light"}'``. The defaults and where
they come from are explained in docs/living.md.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from benuo_living.domain.cost_index import Basket, BasketItem
from benuo_living.domain.facilities import FacilityType
from benuo_runtime.settings import ServiceSettings

DEFAULT_FACILITY_TYPES = {
    "PJU-MATI": FacilityType.STREET_LIGHT,
    "AIR-MATI": FacilityType.WATER_TAP,
    "FASKES": FacilityType.PUSKESMAS,
    "SEKOLAH-RUSAK": FacilityType.SCHOOL,
    "TAMAN-RUSAK": FacilityType.PARK,
    "PASAR": FacilityType.MARKET,
    "OLAHRAGA": FacilityType.SPORTS_FIELD,
}


class BasketWeight(BaseModel):
    quantity_kg: float = Field(gt=0, description="Kilograms per household per month")
    base_price: int = Field(gt=0, description="Rupiah per kg in the base period")


# A household of four, per month. Base prices: the 2024 national consumer references
# (HET for rice in zone 2, Kalimantan; Bapanas HAP, upper bound of a range; HET MinyaKita);
# the two chillies without a reference borrow a neighbour's (see docs/living.md).
DEFAULT_BASKET = {
    "BERAS-MEDIUM": BasketWeight(quantity_kg=20, base_price=13_100),
    "BERAS-PREMIUM": BasketWeight(quantity_kg=5, base_price=15_400),
    "BAWANG-MERAH": BasketWeight(quantity_kg=1, base_price=41_500),
    "BAWANG-PUTIH": BasketWeight(quantity_kg=0.5, base_price=40_000),
    "CABAI-MERAH-BESAR": BasketWeight(quantity_kg=0.5, base_price=55_000),
    "CABAI-MERAH-KERITING": BasketWeight(quantity_kg=0.5, base_price=55_000),
    "CABAI-RAWIT-MERAH": BasketWeight(quantity_kg=0.5, base_price=57_000),
    "CABAI-RAWIT-HIJAU": BasketWeight(quantity_kg=0.25, base_price=40_000),
    "DAGING-SAPI": BasketWeight(quantity_kg=0.5, base_price=140_000),
    "DAGING-AYAM-RAS": BasketWeight(quantity_kg=3, base_price=40_000),
    "TELUR-AYAM-RAS": BasketWeight(quantity_kg=3, base_price=30_000),
    "GULA-PASIR": BasketWeight(quantity_kg=2, base_price=17_500),
    "MINYAK-GORENG": BasketWeight(quantity_kg=3, base_price=15_700),
}


class Settings(ServiceSettings):
    service_name: str = "living"
    port: int = 8003

    facility_type_by_service_code: dict[str, FacilityType] = Field(
        default_factory=lambda: dict(DEFAULT_FACILITY_TYPES),
        description="Request categories (governance service codes) that are about a facility",
    )
    request_link_radius_m: float = Field(
        default=300,
        gt=0,
        le=10_000,
        description="How far from a request a facility of its type may be to be linked to it",
    )
    cost_index_basket: dict[str, BasketWeight] = Field(
        default_factory=lambda: dict(DEFAULT_BASKET), min_length=1
    )
    cost_index_base_period: str = Field(
        default="2024 national reference prices (HET/HAP)",
        description="What the base prices are; the index is 100 at them",
    )
    cost_index_threshold_pct: float = Field(
        default=1.0, ge=0, description="Announce the index when it moved more than this"
    )
    cost_index_lookback_days: int = Field(
        default=30, ge=1, le=366, description="How old a market's latest price may be"
    )

    def basket(self) -> Basket:
        return Basket(
            items={
                code: BasketItem(weight.quantity_kg, weight.base_price)
                for code, weight in self.cost_index_basket.items()
            },
            base_period=self.cost_index_base_period,
        )
