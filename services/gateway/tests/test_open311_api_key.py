"""Open311 clients post with ``api_key`` in the form, as GeoReport v2 prescribes."""

from __future__ import annotations

import httpx

from benuo_gateway.domain.open311_form import carries_form_key, take_api_key
from benuo_gateway.testing import GatewayKeys, Platform

FORM = "application/x-www-form-urlencoded"
REPORT = {
    "service_code": "PJU-MATI",
    "lat": "-1.27216",
    "long": "116.73274",
    "description": "Lampu padam di depan pasar.",
    "attribute[kondisi]": "padam",
}


def test_the_key_is_taken_out_of_the_form_and_the_rest_kept() -> None:
    key, rest = take_api_key(b"service_code=PJU-MATI&api_key=bk_abc&description=Lampu+padam&x=")
    assert key == "bk_abc"
    assert rest == b"service_code=PJU-MATI&description=Lampu+padam&x="
    assert take_api_key(b"service_code=PJU-MATI") == (None, b"service_code=PJU-MATI")
    assert take_api_key("api_key=\u00e9".encode()) == (None, "api_key=\u00e9".encode())


def test_only_open311_form_posts_are_read() -> None:
    assert carries_form_key("POST", "/open311/v2/requests.json", f"{FORM}; charset=utf-8")
    assert carries_form_key("POST", "/open311/v2/requests.xml", FORM)
    assert not carries_form_key("GET", "/open311/v2/requests.json", FORM)
    assert not carries_form_key("POST", "/open311/v2/requests.json", "application/json")
    assert not carries_form_key("POST", "/api/v1/governance/requests", FORM)


def test_a_form_api_key_posts_a_request_and_a_wrong_one_is_refused(
    platform: Platform, gateway_keys: GatewayKeys
) -> None:
    gateway = platform.gateway.url
    created = httpx.post(
        f"{gateway}/api/v1/api-keys",
        json={"name": "open311 app", "scopes": ["governance:write"]},
        headers=gateway_keys.user("admin"),
    )
    assert created.status_code == 201, created.text
    key = created.json()["key"]

    posted = httpx.post(f"{gateway}/open311/v2/requests.json", data={**REPORT, "api_key": key})
    assert posted.status_code == 201, posted.text
    [receipt] = posted.json()
    read = httpx.get(f"{gateway}/open311/v2/requests/{receipt['service_request_id']}.json")
    assert read.json()[0]["service_code"] == "PJU-MATI"

    without = httpx.post(f"{gateway}/open311/v2/requests.json", data=REPORT)
    assert without.status_code == 403
    wrong = httpx.post(f"{gateway}/open311/v2/requests.xml", data={**REPORT, "api_key": "bk_no"})
    assert wrong.status_code == 401
