"""Property-based fuzzing of the merged OpenAPI document (schemathesis): never a 5xx."""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase

from benuo_gateway.testing import GatewayKeys

EXAMPLES_PER_OPERATION = 12


def _httpx_request(kwargs: dict[str, Any]) -> dict[str, Any]:
    """schemathesis speaks ``requests``; the test client speaks ``httpx``."""
    kwargs.pop("cookies", None)
    data = kwargs.pop("data", None)
    if isinstance(data, (bytes, str)):
        kwargs["content"] = data
    elif data is not None:
        kwargs["data"] = data
    return kwargs


# schemathesis's strategies use `random` internally, which this hypothesis version flags.
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
def test_no_generated_request_gets_a_server_error(
    gateway_with_probe: TestClient, gateway_keys: GatewayKeys
) -> None:
    client = gateway_with_probe
    schema = schemathesis.openapi.from_dict(client.get("/openapi.json").json())
    admin = gateway_keys.user("admin")
    failures: list[str] = []
    # The SSE stream never ends by design; tests/events covers it.
    operations = [
        operation
        for operation in (result.ok() for result in schema.get_all_operations())
        if operation.path != "/api/v1/events"
    ]
    assert len(operations) >= 10

    for operation in operations:

        @hypothesis.settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @hypothesis.given(case=operation.as_strategy())
        def call(case: Any) -> None:
            kwargs = case.as_transport_kwargs(base_url="http://testserver", headers=admin)
            try:
                response = client.request(**_httpx_request(kwargs))
            except (ValueError, UnicodeEncodeError):
                hypothesis.reject()  # not even a valid HTTP request
            if response.status_code >= 500:
                failure = f"{case.method} {kwargs['url']} -> {response.status_code}"
                failures.append(f"{failure}: {response.text[:300]}")

        call()
    assert not failures, "\n".join(failures)
