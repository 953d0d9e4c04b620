"""The end-of-test contract check catches what it should."""

import json

from benuo_contract import lookup, new_event
from benuo_runtime.testing.contract_check import problems_of

SUBJECT = "ppu.governance.request.created"


def test_a_valid_event_passes_and_broken_ones_are_named() -> None:
    event = new_event(lookup(f"{SUBJECT}.v1").example)
    body = json.loads(event.to_json())
    headers = {"Nats-Msg-Id": str(event.id)}
    assert problems_of(SUBJECT, headers, event.to_json()) == []

    body["data"]["status"] = "lost"
    assert any("status" in p for p in problems_of(SUBJECT, headers, json.dumps(body).encode()))
    assert problems_of("ppu.governance.permit.approved", headers, event.to_json())
    assert problems_of(SUBJECT, {"Nats-Msg-Id": "other"}, event.to_json())
    assert problems_of(SUBJECT, headers, b"{not json")
