"""The contract's public names are a promise to integrators: changing them is deliberate."""

import re

import benuo_contract

PUBLIC_NAMES = {
    "CONTENT_TYPE",
    "DLQ_STREAM",
    "CloudEvent",
    "DesaCode",
    "EventPayload",
    "EventType",
    "GeoPoint",
    "KecamatanCode",
    "Pillar",
    "UnknownEventType",
    "build_asyncapi",
    "dlq_subject",
    "envelope_schema",
    "event_type",
    "event_types",
    "lookup",
    "new_event",
    "parse_event",
    "parse_subject",
    "render_asyncapi",
    "standalone_schema",
    "subject",
    "type_of",
}


def test_public_names_are_exactly_the_documented_ones() -> None:
    assert set(benuo_contract.__all__) == PUBLIC_NAMES
    for name in PUBLIC_NAMES:
        assert getattr(benuo_contract, name) is not None


def test_the_contract_depends_on_pydantic_only() -> None:
    from importlib.metadata import requires

    requirements = requires("benuo-contract") or []
    names = [re.split(r"[<>=!~;\[ ]", requirement)[0] for requirement in requirements]
    assert names == ["pydantic"]
