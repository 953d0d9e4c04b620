"""Open311 GeoReport v2, checked field by field in JSON and XML against the spec's lists
(wiki.open311.org/GeoReport_v2 and its common extensions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree

from fastapi.testclient import TestClient

from benuo_governance.testing import NENANG, Callers, Clock, move, outbox, submit

BASE = "/open311/v2"
SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
DEFINITION_FIELDS = ["service_code", "attributes"]
ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
]
VALUE_FIELDS = ["key", "name"]
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
POST_RESPONSE_FIELDS = ["service_request_id", "token", "service_notice", "account_id"]
TOKEN_FIELDS = ["service_request_id", "token"]
ERROR_FIELDS = ["code", "description"]
DISCOVERY_FIELDS = ["changeset", "contact", "key_service", "endpoints"]
ENDPOINT_FIELDS = ["specification", "url", "changeset", "type", "formats"]
LISTS = {
    "services",
    "service_requests",
    "errors",
    "attributes",
    "values",
    "endpoints",
    "formats",
    "notes",
}


def parse_xml(content: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(content)  # noqa: S314 - our own service's answer


def from_xml(element: ElementTree.Element) -> Any:
    """An XML answer as the JSON one would read: lists, objects (in order) and strings."""
    if element.tag in LISTS:
        return [from_xml(child) for child in element]
    if len(element) == 0:
        return element.text
    return {child.tag: from_xml(child) for child in element}


def as_xml_text(value: Any) -> Any:
    """A JSON answer with its scalars written the way XML carries them."""
    if isinstance(value, dict):
        return {key: as_xml_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_xml_text(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)


def both(client: TestClient, path: str, headers: dict[str, str], **params: Any) -> tuple[Any, Any]:
    """GET ``path`` as .json and .xml; check the formats agree; return (json, xml root tag)."""
    as_json = client.get(f"{BASE}/{path}.json", params=params, headers=headers)
    as_xml = client.get(f"{BASE}/{path}.xml", params=params, headers=headers)
    assert as_json.status_code == as_xml.status_code, (as_json.text, as_xml.text)
    assert as_json.headers["content-type"] == "application/json; charset=utf-8"
    assert as_xml.headers["content-type"] == "text/xml; charset=utf-8"
    assert as_xml.text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    root = parse_xml(as_xml.content)
    assert from_xml(root) == as_xml_text(as_json.json())
    return as_json, root.tag


def fields(item: dict[str, Any]) -> list[str]:
    return list(item)


def test_discovery_services_and_definitions_have_the_georeport_fields_in_both_formats(
    client: TestClient, callers: Callers
) -> None:
    response, root = both(client, "discovery", callers.anonymous())
    assert root == "discovery"
    body = response.json()
    assert fields(body) == DISCOVERY_FIELDS
    [endpoint] = body["endpoints"]
    assert fields(endpoint) == ENDPOINT_FIELDS
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    assert endpoint["url"].endswith("/open311/v2")
    assert body["changeset"].endswith("+08:00")

    retired = client.post("/api/v1/governance/services/WIFI-PUBLIK/retire", headers=callers.admin())
    assert retired.status_code == 200
    response, root = both(client, "services", callers.anonymous())
    assert root == "services"
    services = response.json()
    assert isinstance(services, list)
    assert len(services) == 16
    for service in services:
        assert fields(service) == SERVICE_FIELDS
        assert service["type"] == "realtime"
        assert isinstance(service["metadata"], bool)
        assert isinstance(service["keywords"], str)
    by_code = {s["service_code"]: s for s in services}
    assert "WIFI-PUBLIK" not in by_code
    light = by_code["PJU-MATI"]
    assert light == {
        "service_code": "PJU-MATI",
        "service_name": "Penerangan jalan umum mati",
        "description": "Lampu penerangan jalan umum (PJU) padam, berkedip atau menyala siang hari.",
        "metadata": True,
        "type": "realtime",
        "keywords": "pju, lampu jalan, street light, gelap",
        "group": "Infrastruktur",
    }
    assert by_code["BANSOS"]["metadata"] is False

    response, root = both(client, "services/PJU-MATI", callers.anonymous())
    assert root == "service_definition"
    definition = response.json()
    assert fields(definition) == DEFINITION_FIELDS
    assert definition["service_code"] == "PJU-MATI"
    attributes = definition["attributes"]
    assert [a["order"] for a in attributes] == [1, 2, 3]
    for attribute in attributes:
        assert fields(attribute) == ATTRIBUTE_FIELDS
        for value in attribute["values"]:
            assert fields(value) == VALUE_FIELDS
    condition = attributes[0]
    assert condition == {
        "variable": True,
        "code": "kondisi",
        "datatype": "singlevaluelist",
        "required": True,
        "datatype_description": None,
        "order": 1,
        "description": "Kondisi lampu",
        "values": [
            {"key": "padam", "name": "Padam"},
            {"key": "berkedip", "name": "Berkedip"},
            {"key": "siang", "name": "Menyala siang hari"},
        ],
    }
    assert {a["datatype"] for a in attributes} == {"singlevaluelist", "string", "number"}
    road = both(client, "services/JALAN-RUSAK", callers.anonymous())[0].json()
    assert road["attributes"][-1]["variable"] is False


def test_unknown_services_formats_jurisdictions_and_callers_are_open311_errors(
    client: TestClient, callers: Callers
) -> None:
    anyone = callers.anonymous()
    for path, params, status in (
        ("services/NO-SUCH", {}, 404),
        ("services", {"jurisdiction_id": "samarinda.go.id"}, 404),
        ("nowhere", {}, 404),
    ):
        response, root = both(client, path, anyone, **params)
        assert response.status_code == status
        assert root == "errors"
        [error] = response.json()
        assert fields(error) == ERROR_FIELDS
        assert error["code"] == status
    csv = client.get("/open311/v2/services.csv", headers=anyone)
    assert csv.status_code == 404
    assert csv.json()[0]["code"] == 404
    assert (
        both(client, "services", anyone, jurisdiction_id="penajamkab.go.id")[0].status_code == 200
    )

    # No token from the gateway at all: refused, the Open311 way under /open311/.
    as_json = client.get("/open311/v2/services.json")
    assert as_json.status_code == 403
    assert as_json.json()[0]["code"] == 403
    as_xml = client.get("/open311/v2/services.xml")
    assert as_xml.status_code == 403
    assert b"<errors><error><code>403</code>" in as_xml.content
    api = client.get("/api/v1/governance/services")
    assert api.status_code == 401
    assert api.headers["content-type"] == "application/problem+json"


FORM = {
    "service_code": "PJU-MATI",
    "lat": str(NENANG["lat"]),
    "long": str(NENANG["lng"]),
    "address_string": "Jl. Provinsi KM 4, depan pasar",
    "description": "Tiga lampu padam berturut-turut.",
    "media_url": "https://foto.example/pju-117.jpg",
    "attribute[kondisi]": "padam",
    "attribute[nomor_tiang]": "PJU-117",
    "first_name": "Ani",
    "last_name": "Wulandari",
    "email": "ani.w@example.co.id",
    "phone": "081234567890",
    "device_id": "android-123",
    "api_key": "checked-by-the-gateway",
}
PERSONAL = ("Ani", "Wulandari", "ani.w@example.co.id", "081234567890")


def post(client: TestClient, headers: dict[str, str], fmt: str = "json", **form: Any) -> Any:
    return client.post(f"{BASE}/requests.{fmt}", data={**FORM, **form}, headers=headers)


def test_a_posted_form_answers_and_reads_back_field_by_field_without_personal_data(
    client: TestClient, callers: Callers
) -> None:
    created = post(client, callers.integrator())
    assert created.status_code == 201, created.text
    [answer] = created.json()
    assert fields(answer) == POST_RESPONSE_FIELDS
    assert answer["service_request_id"] == "PPU-2026-000001"
    assert answer["account_id"] is None
    assert "Dinas Perhubungan" in answer["service_notice"]

    as_xml = post(client, callers.integrator(), fmt="xml", **{"attribute[kondisi]": "berkedip"})
    assert as_xml.status_code == 201
    root = parse_xml(as_xml.content)
    assert root.tag == "service_requests"
    [request] = root
    assert request.tag == "request"
    assert [child.tag for child in request] == POST_RESPONSE_FIELDS
    assert request.findtext("service_request_id") == "PPU-2026-000002"

    token = answer["token"]
    response, root_tag = both(client, f"tokens/{token}", callers.anonymous())
    assert root_tag == "service_requests"
    assert response.json() == [{"service_request_id": "PPU-2026-000001", "token": token}]
    assert [fields(item) for item in response.json()] == [TOKEN_FIELDS]

    kept = client.get(
        "/api/v1/governance/requests/PPU-2026-000001", headers=callers.officer("DISHUB")
    )
    assert kept.json()["reporter"] == {
        "name": "Ani Wulandari",
        "phone": "081234567890",
        "email": "ani.w@example.co.id",
    }
    assert kept.json()["attributes"] == {"kondisi": "padam", "nomor_tiang": "PJU-117"}
    assert kept.json()["channel"] == "open311"
    assert [e.data.request_id for e in outbox(client)] == ["PPU-2026-000001", "PPU-2026-000002"]

    response, root = both(client, "requests/PPU-2026-000001", callers.anonymous())
    assert root == "service_requests"
    [request] = response.json()  # an array even for one request
    assert fields(request) == REQUEST_FIELDS
    assert request == {
        "service_request_id": "PPU-2026-000001",
        "status": "open",
        "status_notes": "submitted",
        "service_name": "Penerangan jalan umum mati",
        "service_code": "PJU-MATI",
        "description": "Tiga lampu padam berturut-turut.",
        "agency_responsible": "Dinas Perhubungan",
        "service_notice": "Diverifikasi dalam 3 hari kerja, lalu ditindaklanjuti Dinas "
        "Perhubungan dalam 5 hari kerja.",
        "requested_datetime": "2026-11-30T09:00:00+08:00",
        "updated_datetime": "2026-11-30T09:00:00+08:00",
        "expected_datetime": None,
        "address": "Jl. Provinsi KM 4, depan pasar",
        "address_id": None,
        "zipcode": None,
        "lat": NENANG["lat"],
        "long": NENANG["lng"],
        "media_url": "https://foto.example/pju-117.jpg",
    }
    as_xml = client.get(f"{BASE}/requests/PPU-2026-000001.xml", headers=callers.anonymous()).text
    for text in (response.text, as_xml):
        assert not any(value in text for value in PERSONAL)


def test_statuses_map_to_open_and_closed_with_the_detail_in_status_notes(
    client: TestClient, clock: Clock, callers: Callers
) -> None:
    officer = callers.officer("DISHUB")
    first = submit(client, callers.citizen())
    second = submit(client, callers.citizen())
    move(client, first["id"], officer, "verified", note="Ditinjau besok pagi.")
    move(client, second["id"], officer, "duplicate", duplicate_of=first["id"])
    response, _ = both(
        client, "requests", callers.anonymous(), service_request_id=f"{first['id']},{second['id']}"
    )
    by_id = {r["service_request_id"]: r for r in response.json()}
    assert by_id[first["id"]]["status"] == "open"
    assert by_id[first["id"]]["status_notes"] == "verified: Ditinjau besok pagi."
    assert by_id[first["id"]]["expected_datetime"] == "2026-12-08T00:00:00+08:00"
    assert by_id[second["id"]]["status"] == "closed"
    assert by_id[second["id"]]["status_notes"] == f"duplicate (of {first['id']})"
    closed = both(client, "requests", callers.anonymous(), status="closed")[0].json()
    assert [r["service_request_id"] for r in closed] == [second["id"]]
    both_kinds = both(client, "requests", callers.anonymous(), status="open,closed")[0].json()
    assert len(both_kinds) == 2


def test_get_requests_filters_pages_extensions_and_the_default_window(
    client: TestClient, clock: Clock, callers: Callers
) -> None:
    officer = callers.officer("DISHUB", "DLH")
    made: list[str] = []
    for day in range(5):
        clock.now = clock.now.replace(day=1 + day, month=12)
        code = (
            {"service_code": "SAMPAH", "attributes": {"jenis_sampah": ["plastik"]}}
            if day % 2
            else {}
        )
        made.append(submit(client, callers.citizen(), **code)["id"])
    clock.now = clock.now.replace(day=10)
    move(client, made[0], officer, "verified", note="Kami cek. Hubungi 0812-3456-7890.")
    move(client, made[0], officer, "assigned", note="Tim internal", public=False)
    anyone = callers.anonymous()

    def ids(**params: Any) -> list[str]:
        response, _ = both(client, "requests", anyone, **params)
        assert response.status_code == 200, response.text
        return [r["service_request_id"] for r in response.json()]

    newest_first = made[::-1]
    assert ids() == newest_first
    assert ids(service_code="SAMPAH") == [made[3], made[1]]
    assert ids(service_code="SAMPAH,PJU-MATI") == newest_first
    assert ids(start_date="2026-12-02T00:00:00+08:00", end_date="2026-12-04T00:00:00+08:00") == [
        made[2],
        made[1],
    ]
    assert ids(start_date="2026-12-03T00:00:00Z") == made[2:][::-1]
    assert ids(page_size=2) == newest_first[:2]
    assert ids(page_size=2, page=3) == newest_first[4:]
    assert ids(updated_after="2026-12-09T00:00:00+08:00") == [made[0]]
    # made[0] was submitted on the 1st but updated on the 10th.
    assert ids(updated_before="2026-12-04T00:00:00+08:00") == [made[2], made[1]]
    assert ids(service_request_id=made[4], service_code="SAMPAH") == [made[4]]

    response, _ = both(client, "requests", anyone, service_request_id=made[0], extensions="true")
    [extended] = response.json()
    assert fields(extended) == [*REQUEST_FIELDS, "extended_attributes", "notes"]
    assert extended["extended_attributes"]["detailed_status"] == "assigned"
    assert extended["extended_attributes"]["desa_code"] == "64.09.01.1010"
    notes = extended["notes"]
    assert [n["summary"] for n in notes] == ["submitted", "verified"]  # the internal note is out
    assert notes[1]["type"] == "status_change"
    assert "0812" not in notes[1]["description"]
    single = client.get(
        f"{BASE}/requests/{made[0]}.xml", params={"extensions": "true"}, headers=anyone
    )
    [request] = from_xml(parse_xml(single.content))
    assert request["notes"][1]["summary"] == "verified"

    # Without dates: the last 90 days only.
    clock.now = datetime(2026, 12, 3, 1, 1, tzinfo=UTC) + timedelta(days=90)
    recent = submit(client, callers.citizen())["id"]
    assert ids() == [recent, made[4], made[3]]
    assert ids(start_date="2026-01-01T00:00:00Z") == [recent, *newest_first]


def test_bad_open311_input_gets_the_error_array_with_the_right_status(
    client: TestClient, callers: Callers
) -> None:
    integrator = callers.integrator()
    cases = [
        (callers.anonymous(), {}, 403),
        ({}, {}, 403),
        (callers.keys.headers(subject="gateway-public", scopes=("open311:write",)), {}, 201),
        (integrator, {"service_code": ""}, 400),
        (integrator, {"service_code": "NO-SUCH"}, 400),
        (integrator, {"lat": "utara"}, 400),
        (integrator, {"lat": "-0.5", "long": "117.15"}, 400),
        (integrator, {"attribute[kondisi]": ""}, 400),
        (integrator, {"attribute[kondisi]": "meledak"}, 400),
        (integrator, {"description": "<b>PJU</b> mati"}, 400),
        (integrator, {"email": "bukan-email"}, 400),
        (integrator, {"jurisdiction_id": "samarinda.go.id"}, 404),
    ]
    for headers, form, status in cases:
        for fmt in ("json", "xml"):
            response = post(client, headers, fmt, **form)
            assert response.status_code == status, (form, fmt, response.text)
            if status == 201:
                continue
            if fmt == "json":
                [error] = response.json()
                assert fields(error) == ERROR_FIELDS
                assert error["code"] == status
                assert error["description"]
            else:
                root = parse_xml(response.content)
                assert root.tag == "errors"
                assert [child.tag for child in root[0]] == ERROR_FIELDS
                assert root[0].findtext("code") == str(status)
    no_location = client.post(
        f"{BASE}/requests.json", data={"service_code": "PJU-MATI"}, headers=integrator
    )
    assert no_location.status_code == 400
    assert "lat and long" in no_location.json()[0]["description"]
    for path, params in (
        ("requests", {"start_date": "kemarin"}),
        ("requests", {"status": "lost"}),
        ("requests", {"page_size": "0"}),
        ("requests", {"extensions": "ya"}),
        ("requests", {"service_request_id": ",".join(f"PPU-2026-{n:06d}" for n in range(101))}),
    ):
        response, root = both(client, path, callers.anonymous(), **params)
        assert (response.status_code, root) == (400, "errors")
    missing, root = both(client, "requests/PPU-2026-999999", callers.anonymous())
    assert (missing.status_code, root) == (404, "errors")
    assert both(client, "tokens/nope", callers.anonymous())[0].status_code == 404
    assert len(outbox(client)) == 2  # only the two accepted posts
