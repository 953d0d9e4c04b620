"""The category map and the basket come from the environment, as JSON."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from benuo_living.settings import Settings


def test_the_category_map_and_basket_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FACILITY_TYPE_BY_SERVICE_CODE", '{"LAMPU-JALAN": "street_light"}')
    monkeypatch.setenv(
        "COST_INDEX_BASKET", '{"BERAS-MEDIUM": {"quantity_kg": 10, "base_price": 13000}}'
    )
    monkeypatch.setenv("COST_INDEX_THRESHOLD_PCT", "2.5")
    settings = Settings(auth_jwks_path="unused")
    assert settings.facility_type_by_service_code == {"LAMPU-JALAN": "street_light"}
    assert settings.basket().base_cost == 130_000
    assert settings.cost_index_threshold_pct == 2.5


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FACILITY_TYPE_BY_SERVICE_CODE", '{"PJU-MATI": "lamp_post"}'),
        ("COST_INDEX_BASKET", "{}"),
        ("COST_INDEX_BASKET", '{"BERAS-MEDIUM": {"quantity_kg": 0, "base_price": 13000}}'),
        ("REQUEST_LINK_RADIUS_M", "-5"),
    ],
)
def test_a_wrong_setting_stops_the_service_at_start(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValidationError):
        Settings(auth_jwks_path="unused")
