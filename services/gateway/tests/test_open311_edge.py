"""Open311 at the gateway: ``api_key`` in the form, as GeoReport v2 prescribes, and the
gateway's own errors there as GeoReport error arrays."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from fastapi.testclient import TestClient

from benuo_gateway.app import create_app
from benuo_gateway.domain.open311 import carries_form_key, error_answer, take_api_key
from benuo_gateway.settings import Settings
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
    assert wrong.status_code == 403
    assert wrong.headers["content-type"].startswith("text/xml")
    assert wrong.text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<errors><error>')
    assert "<code>403</code>" in wrong.text


def test_gateway_errors_take_the_format_the_path_asks_for() -> None:
    status, content_type, body = error_answer("/open311/v2/requests.json", 401, "bad key")
    assert (status, content_type) == (403, b"application/json; charset=utf-8")
    assert body == b'[{"code": 403, "description": "bad key"}]'
    status, content_type, body = error_answer("/open311/v2/services.xml", 503, "a < b")
    assert (status, content_type) == (503, b"text/xml; charset=utf-8")
    assert body.endswith(b"<code>503</code><description>a &lt; b</description></error></errors>")


def test_an_unreachable_governance_is_an_open311_error_there_and_a_problem_elsewhere(
    gateway_settings: Callable[..., Settings],
) -> None:
    settings = gateway_settings(governance_url="http://127.0.0.1:9")
    with TestClient(create_app(settings)) as client:
        open311 = client.get("/open311/v2/services.json")
        assert open311.status_code in (502, 503)
        [error] = open311.json()
        assert error["code"] == open311.status_code
        assert "governance" in error["description"]
        api = client.get("/api/v1/governance/categories")
        assert api.headers["content-type"] == "application/problem+json"
