"""Bad input anywhere gets a 4xx problem+json that says what is wrong; never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from benuo_runtime.auth import Principal, Role, TokenIssuer, generate_signing_key
from benuo_runtime.testing.plugin import AuthKeys

PROBLEM = "application/problem+json"
REQUESTS = "/api/v1/probe/requests"


def assert_problem(response, status: int, *, mentions: str = "") -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert "Traceback" not in response.text
    if mentions:
        assert mentions in response.text
    return body


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"description": "x"}, "body.request_id"),
        ({"request_id": "R-1"}, "body.description"),
        ({"request_id": "R 1 <b>", "description": "x"}, "body.request_id"),
        ({"request_id": "R-1", "description": "x" * 501}, "body.description"),
        ({"request_id": 12, "description": ["x"]}, "body.description"),
        ([], "body"),
    ],
)
def test_invalid_fields_are_named(probe_client: TestClient, payload, field: str) -> None:
    body = assert_problem(probe_client.post(REQUESTS, json=payload), 422, mentions=field)
    assert body["type"].endswith("validation-error")
    assert any(error["field"].startswith(field) for error in body["errors"])


def test_malformed_json_is_a_422_naming_the_body(probe_client: TestClient) -> None:
    response = probe_client.post(
        REQUESTS, content=b'{"request_id": ', headers={"content-type": "application/json"}
    )
    assert_problem(response, 422, mentions="body")


def test_an_oversized_body_is_refused_before_it_is_read(probe_client: TestClient) -> None:
    huge = b"x" * (1_048_576 + 1)
    response = probe_client.post(REQUESTS, content=huge, headers={"content-type": "text/plain"})
    assert_problem(response, 413, mentions="larger than")


def test_unknown_paths_methods_and_ids(probe_client: TestClient) -> None:
    assert_problem(probe_client.get("/api/v1/probe/nothing"), 404, mentions="/api/v1/probe/nothing")
    assert_problem(probe_client.delete(REQUESTS), 405, mentions="DELETE")
    assert_problem(probe_client.get(f"{REQUESTS}/NOPE"), 404, mentions="NOPE")


def test_conflicts_are_409_and_leave_no_partial_write(probe_client: TestClient) -> None:
    first = {"request_id": "DUP", "description": "first"}
    assert probe_client.post(REQUESTS, json=first).status_code == 201
    conflict = probe_client.post(REQUESTS, json={"request_id": "DUP", "description": "second"})
    assert_problem(conflict, 409, mentions="DUP")
    assert probe_client.get(f"{REQUESTS}/DUP").json()["description"] == "first"


def test_missing_and_bad_credentials_are_401(probe_client: TestClient, auth_keys: AuthKeys) -> None:
    no_token = probe_client.get(f"{REQUESTS}/X", headers={"Authorization": ""})
    assert_problem(no_token, 401, mentions="gateway")
    assert no_token.headers["www-authenticate"].startswith("Bearer")
    basic = probe_client.get(f"{REQUESTS}/X", headers={"Authorization": "Basic abc"})
    assert_problem(basic, 401, mentions="Bearer")
    garbage = probe_client.get(f"{REQUESTS}/X", headers={"Authorization": "Bearer abc.def"})
    assert_problem(garbage, 401, mentions="not valid")

    expired = auth_keys.headers("citizen", ttl_seconds=-120)
    assert_problem(probe_client.get(f"{REQUESTS}/X", headers=expired), 401, mentions="expired")

    token = auth_keys.token("citizen")
    header, payload, signature = token.split(".")
    tampered = f"{header}.{payload}.{signature[:-4]}AAAA"
    response = probe_client.get(f"{REQUESTS}/X", headers={"Authorization": f"Bearer {tampered}"})
    assert_problem(response, 401, mentions="not valid")


def test_a_token_for_another_audience_or_from_another_key_is_refused(
    probe_client: TestClient, auth_keys: AuthKeys
) -> None:
    citizen = Principal(subject="u1", roles=frozenset({Role.CITIZEN}))
    other_audience = TokenIssuer(
        auth_keys.private_key_pem, issuer="benuo-gateway", audience="somebody-else"
    ).mint(citizen)
    response = probe_client.get(
        f"{REQUESTS}/X", headers={"Authorization": f"Bearer {other_audience}"}
    )
    assert_problem(response, 401, mentions="not meant for this service")

    stranger = TokenIssuer(
        generate_signing_key(), issuer="benuo-gateway", audience="benuo-services"
    ).mint(citizen)
    response = probe_client.get(f"{REQUESTS}/X", headers={"Authorization": f"Bearer {stranger}"})
    assert_problem(response, 401, mentions="unknown key")
