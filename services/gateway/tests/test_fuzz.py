"""Property-based fuzzing of the merged OpenAPI document (schemathesis) through a real gateway
in front of the real pillar services: whatever is sent, never a 5xx."""

from __future__ import annotations

from typing import Any

import httpx
import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st

from benuo_gateway.testing import GatewayKeys, Platform

EXAMPLES_PER_OPERATION = 20
# Webhooks are delivered for real: whatever URL is generated, deliver to a closed local port.
SAFE_WEBHOOK_URL = "http://127.0.0.1:9/fuzz"


def _httpx_request(kwargs: dict[str, Any]) -> dict[str, Any]:
    """schemathesis speaks ``requests``; the client speaks ``httpx``."""
    kwargs.pop("cookies", None)
    data = kwargs.pop("data", None)
    if isinstance(data, (bytes, str)):
        kwargs["content"] = data
    elif data is not None:
        kwargs["data"] = data
    return kwargs


def _known_values(client: httpx.Client, admin: dict[str, str]) -> dict[str, str]:
    """Ids of resources that exist, so that half the cases reach past the lookup; all made
    here, so that what the fuzzing changes is its own."""

    def made(path: str, body: dict[str, Any]) -> Any:
        response = client.post(path, json=body, headers=admin)
        assert response.status_code == 201, response.text
        return response.json()

    place = {"lat": -1.27216, "lng": 116.73274}
    request = made(
        "/api/v1/governance/requests",
        {
            "service_code": "PJU-MATI",
            "description": "Lampu padam.",
            "location": place,
            "attributes": {"kondisi": "padam"},
        },
    )
    permit = made(
        "/api/v1/governance/permits",
        {
            "business_name": "Warung Fuzz",
            "kbli_code": "01111",
            "desa_code": "64.09.01.1010",
            "owner": {"name": "Pemilik"},
        },
    )
    business = made(
        "/api/v1/economy/businesses",
        {"name": "Toko Fuzz", "kbli_code": "47112", "kecamatan_code": "64.09.01",
         "desa_code": "64.09.01.1010"},
    )  # fmt: skip
    price = {"commodity_code": "BERAS-MEDIUM", "price": 13_100, "confirm_implausible": True}
    observation = made(
        "/api/v1/economy/observations",
        {**price, "market_code": "PASAR-INDUK-PENAJAM", "observed_on": "2023-06-01"},
    )
    facility = made(
        "/api/v1/living/facilities", {"type": "park", "name": "Taman Fuzz", "location": place}
    )
    webhook = made("/api/v1/webhooks", {"url": SAFE_WEBHOOK_URL, "subjects": ["ppu.>"]})
    # Its own category to change and retire: the matrix (same platform) reports street lights.
    category = made(
        "/api/v1/governance/services",
        {"code": "FUZZ", "name": "Uji fuzz", "name_en": "Fuzz", "description": "For fuzzing.",
         "group": "Uji", "agency_code": "DISHUB", "sla_working_days": 5},
    )  # fmt: skip
    return {
        "request_id": request["id"],
        "service_request_id": request["id"],
        "token": request["tracking_token"],
        "application_id": permit["id"],
        "business_id": business["business_id"],
        "observation_id": observation["observations"][0]["observation_id"],
        "facility_id": facility["facility_id"],
        "subscription_id": webhook["id"],
        "key_id": made("/api/v1/api-keys", {"name": "fuzz"})["id"],
        "code": category["code"],
        "service_code": category["code"],
        "index_id": "regency",
        "day": "2031-03-03",
        "fmt": "json",
    }


def _prepared(known: dict[str, str]) -> Any:
    def prepare(drawn: tuple[Any, bool]) -> Any:
        case, existing = drawn
        if existing and case.path_parameters:
            case.path_parameters = {
                name: known.get(name, value) for name, value in case.path_parameters.items()
            }
        if isinstance(case.body, dict) and "url" in case.body:
            case.body = {**case.body, "url": SAFE_WEBHOOK_URL}
        return case

    return prepare


# schemathesis's strategies use `random` internally, which this hypothesis version flags.
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
def test_no_generated_request_gets_a_server_error(
    platform: Platform, gateway_keys: GatewayKeys
) -> None:
    base_url = platform.gateway.url
    schema = schemathesis.openapi.from_dict(httpx.get(f"{base_url}/openapi.json").json())
    admin = gateway_keys.user("admin")  # the caller who gets furthest into most operations
    callers = st.sampled_from([admin, admin, gateway_keys.user("citizen"), {}])
    failures: list[str] = []
    # The SSE stream never ends by design; tests/events and the matrix cover it.
    operations = [
        operation
        for operation in (result.ok() for result in schema.get_all_operations())
        if operation.path != "/api/v1/events"
    ]
    prefixes = {"/".join(operation.path.split("/")[:4]) for operation in operations}
    assert {"/api/v1/governance", "/api/v1/economy", "/api/v1/living"} <= prefixes
    assert any(operation.path.startswith("/open311/v2/") for operation in operations)

    with httpx.Client(base_url=base_url, timeout=20) as client:
        prepare = _prepared(_known_values(client, admin))
        for operation in operations:

            @hypothesis.settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @hypothesis.given(
                case=st.tuples(operation.as_strategy(), st.booleans()).map(prepare),
                headers=callers,
            )
            def call(case: Any, headers: dict[str, str]) -> None:
                kwargs = case.as_transport_kwargs(base_url=base_url, headers=headers)
                try:
                    response = client.request(**_httpx_request(kwargs))
                except (ValueError, UnicodeEncodeError, httpx.InvalidURL):
                    hypothesis.reject()  # not even a valid HTTP request
                if response.status_code >= 500:
                    failure = f"{case.method} {kwargs['url']} -> {response.status_code}"
                    failures.append(f"{failure}: {response.text[:300]}")

            call()
    assert not failures, "\n".join(failures)
