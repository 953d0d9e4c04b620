"""Every event type: named by the rules, versioned, documented, valid, and free of personal data."""

import json
import re
import uuid
from datetime import UTC, datetime

import jsonschema
import pytest
from cloudevents.core.bindings.http import HTTPMessage, from_structured, to_structured
from cloudevents.core.formats.json import JSONFormat
from pydantic import ValidationError

from benuo_contract import (
    CONTENT_TYPE,
    Pillar,
    UnknownEventType,
    event_types,
    lookup,
    new_event,
    parse_event,
    parse_subject,
    standalone_schema,
    subject,
)
from benuo_contract.events.governance import RequestCreatedV1

ALL_TYPES = list(event_types())
PERSONAL_FIELD = re.compile(
    r"(^|_)(name|phone|email|e_mail|nik|address|alamat|reporter|owner|telepon|contact)($|_)"
)
# Names of places and businesses, not of people.
ALLOWED_NAME_FIELDS = {"business_name", "name"}
ALLOWED_NAME_FIELDS_BY_ENTITY = {"facility", "business"}


def test_types_follow_the_subject_and_version_rules() -> None:
    assert len(ALL_TYPES) >= 15
    for entry in ALL_TYPES:
        pillar, _entity, _action = parse_subject(entry.subject)
        assert entry.name == f"{entry.subject}.v{entry.version}"
        assert entry.source == f"/ppu/{pillar.value}"
        assert entry.summary.endswith(".")


def test_subject_rules_refuse_bad_names() -> None:
    assert subject(Pillar.ECONOMY, "price", "alert_raised") == "ppu.economy.price.alert_raised"
    for bad in (
        "ppu.governance.request",
        "ppu.nowhere.request.created",
        "PPU.a.b.c",
        "ppu.a.b.c.d",
    ):
        with pytest.raises(ValueError, match="ppu"):
            parse_subject(bad)


@pytest.mark.parametrize("entry", ALL_TYPES, ids=lambda entry: entry.name)
def test_example_event_validates_against_its_schema_and_the_cloudevents_sdk(entry) -> None:
    event = new_event(entry.example, traceparent="00-" + "a" * 32 + "-" + "b" * 16 + "-01")
    body = json.loads(event.to_json())
    jsonschema.Draft202012Validator(standalone_schema(entry)).validate(body)

    message = HTTPMessage(headers={"content-type": CONTENT_TYPE}, body=event.to_json())
    parsed = from_structured(message, JSONFormat())
    assert parsed.get_specversion() == "1.0"
    assert parsed.get_id() == str(event.id)
    assert parsed.get_type() == entry.name
    assert parsed.get_source() == entry.source
    assert parsed.get_subject() == str(getattr(entry.example, entry.subject_field))
    assert parsed.get_time() == event.time
    assert parsed.get_dataschema() == entry.dataschema
    assert parsed.get_extension("traceparent") == event.traceparent
    assert parsed.get_data() == body["data"]
    assert to_structured(parsed, JSONFormat()).headers["content-type"] == CONTENT_TYPE

    again = parse_event(event.to_json())
    assert again == event
    assert isinstance(again.data, entry.payload)


@pytest.mark.parametrize("entry", ALL_TYPES, ids=lambda entry: entry.name)
def test_schema_refuses_an_event_with_the_wrong_type_or_missing_data(entry) -> None:
    validator = jsonschema.Draft202012Validator(standalone_schema(entry))
    body = json.loads(new_event(entry.example).to_json())
    assert validator.is_valid(body)
    assert not validator.is_valid({**body, "type": entry.name + "x"})
    assert not validator.is_valid({key: value for key, value in body.items() if key != "data"})


@pytest.mark.parametrize("entry", ALL_TYPES, ids=lambda entry: entry.name)
def test_payloads_carry_no_personal_data_fields(entry) -> None:
    entity = parse_subject(entry.subject)[1]
    for field in entry.payload.model_fields:
        if field in ALLOWED_NAME_FIELDS and (
            field == "business_name" or entity in ALLOWED_NAME_FIELDS_BY_ENTITY
        ):
            continue
        assert not PERSONAL_FIELD.search(field), f"{entry.name}.{field} looks personal"


def test_parse_event_tells_unknown_types_from_invalid_ones() -> None:
    entry = lookup("ppu.governance.request.created.v1")
    body = json.loads(new_event(entry.example).to_json())
    with pytest.raises(UnknownEventType):
        parse_event(json.dumps({**body, "type": "ppu.governance.request.created.v99"}))
    with pytest.raises(ValidationError):
        parse_event(json.dumps({**body, "data": {**body["data"], "desa_code": "Nenang"}}))
    with pytest.raises(ValidationError):
        parse_event(b"not json")


def test_envelope_keeps_unknown_extension_attributes() -> None:
    entry = lookup("ppu.governance.request.created.v1")
    body = json.loads(new_event(entry.example).to_json())
    body["partitionkey"] = "PPU-2026-000123"
    event = parse_event(json.dumps(body))
    assert event.extensions() == {"partitionkey": "PPU-2026-000123"}
    assert json.loads(event.to_json())["partitionkey"] == "PPU-2026-000123"


def test_time_is_normalised_to_utc() -> None:
    from datetime import timedelta, timezone

    wita = timezone(timedelta(hours=8))
    payload = lookup("ppu.governance.request.created.v1").example
    event = new_event(payload, time=datetime(2026, 11, 2, 9, 0, tzinfo=wita), event_id=uuid.uuid4())
    assert event.time == datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
    assert json.loads(event.to_json())["time"].endswith("Z")


def test_request_payload_refuses_a_desa_code_outside_the_kemendagri_form() -> None:
    data = lookup("ppu.governance.request.created.v1").example.model_dump()
    with pytest.raises(ValidationError, match="desa_code"):
        RequestCreatedV1.model_validate({**data, "desa_code": "64.09.01.10"})


@pytest.mark.parametrize("entry", ALL_TYPES, ids=lambda entry: entry.name)
def test_nullable_payload_fields_survive_the_json_trip(entry) -> None:
    """A required field whose value is null must still be there after to_json()."""
    payload = entry.example
    nullable = [
        name
        for name, field in entry.payload.model_fields.items()
        if field.is_required() is False or "None" in str(field.annotation)
    ]
    nulled = payload.model_copy(
        update={
            name: None
            for name in nullable
            if "None" in str(entry.payload.model_fields[name].annotation)
        }
    )
    event = new_event(nulled)
    again = parse_event(event.to_json())
    assert again.data == nulled
    jsonschema.Draft202012Validator(standalone_schema(entry)).validate(json.loads(event.to_json()))


def test_to_json_keeps_nulls_in_data_and_drops_absent_envelope_attributes() -> None:
    from pydantic import BaseModel

    from benuo_contract import CloudEvent

    class Reading(BaseModel):
        value: float | None  # required, and may be null

    event = CloudEvent[Reading](
        id=uuid.uuid4(),
        source="/ppu/test",
        type="t",
        time=datetime.now(UTC),
        data=Reading(value=None),
    )
    body = json.loads(event.to_json())
    assert body["data"] == {"value": None}
    assert "subject" not in body
    assert "traceparent" not in body
    assert CloudEvent[Reading].model_validate_json(event.to_json()) == event
