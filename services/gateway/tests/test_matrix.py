"""Authorisation matrix: every operation of the merged OpenAPI document (the gateway's own, the
three pillars' and Open311), called through a real gateway in front of the real services as
every kind of caller, answers what the policy table says. An operation missing from the table
fails. The expectations come from the services' rules, not from recording what they answer.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from benuo_gateway.testing import GatewayKeys, Platform
from benuo_runtime.auth import ANONYMOUS, TokenIssuer

ROLES = (
    "anonymous",
    "citizen",
    "citizen_owner",
    "officer_other_pillar",
    "officer_right_pillar",
    "admin",
    "integrator_key",
)
OWNER = "citizen-owner"
# Officers act for every agency, so only their pillar decides what they may do.
AGENCIES = ("DISHUB", "DPMPTSP", "DPUPR", "SATPOLPP")
NENANG = {"lat": -1.27216, "lng": 116.73274}
MARKET = "PASAR-INDUK-PENAJAM"
HOLIDAY = "2031-01-02"


@dataclass
class World:
    """The platform as the test sees it: a client, the callers, and ways to make targets."""

    client: httpx.Client
    keys: GatewayKeys
    numbers: Iterator[int] = field(default_factory=itertools.count)
    integrator: dict[str, str] = field(default_factory=dict)

    @property
    def admin(self) -> dict[str, str]:
        return self.keys.user("admin", subject="admin-matrix")

    @property
    def owner(self) -> dict[str, str]:
        return self.keys.user("citizen", subject=OWNER)

    def unique(self) -> int:
        return next(self.numbers)

    def callers(self, pillar: str) -> dict[str, dict[str, str]]:
        other = "economy" if pillar != "economy" else "living"
        return {
            "anonymous": {},
            "citizen": self.keys.user("citizen", subject="citizen-other"),
            "citizen_owner": self.owner,
            "officer_other_pillar": self.keys.user("officer", pillars=(other,), agencies=AGENCIES),
            "officer_right_pillar": self.keys.user("officer", pillars=(pillar,), agencies=AGENCIES),
            "admin": self.admin,
            "integrator_key": self.integrator,
        }

    def made(self, method: str, path: str, headers: dict[str, str], **kwargs: Any) -> Any:
        response = self.client.request(method, path, headers=headers, **kwargs)
        assert response.status_code in (200, 201), f"{method} {path}: {response.text}"
        return response.json()

    # Targets, each new: for operations that change what the next caller would find.
    def service_request(self) -> dict[str, Any]:
        body = self.made("POST", "/api/v1/governance/requests", self.owner, json=new_request())
        return {"request_id": body["id"], "token": body["tracking_token"]}

    def resolved_request(self) -> dict[str, Any]:
        """The owner's request, fixed by the agency: the owner may now reopen it."""
        made = self.service_request()
        path = f"/api/v1/governance/requests/{made['request_id']}/transitions"
        for to in ("verified", "assigned", "in_progress", "resolved"):
            self.made("POST", path, self.admin, json={"to": to, "note": "Lampu diganti."})
        return made

    def permit(self) -> dict[str, Any]:
        body = self.made("POST", "/api/v1/governance/permits", self.owner, json=new_permit(self))
        return {"application_id": body["id"]}

    def category(self) -> dict[str, Any]:
        body = self.made("POST", "/api/v1/governance/services", self.admin, json=new_category(self))
        return {"code": body["code"]}

    def holiday(self) -> dict[str, Any]:
        path = f"/api/v1/governance/holidays/{HOLIDAY}"
        self.made("PUT", path, self.admin, json={"name": "Libur uji", "kind": "libur_nasional"})
        return {"day": HOLIDAY}

    def observation(self) -> dict[str, Any]:
        body = self.made("POST", "/api/v1/economy/observations", self.admin, json=new_price(self))
        return {"observation_id": body["observations"][0]["observation_id"]}

    def business(self) -> dict[str, Any]:
        body = self.made("POST", "/api/v1/economy/businesses", self.admin, json=new_business(self))
        return {"business_id": body["business_id"]}

    def facility(self) -> dict[str, Any]:
        body = self.made("POST", "/api/v1/living/facilities", self.admin, json=new_facility(self))
        return {"facility_id": body["facility_id"]}

    def webhook(self) -> dict[str, Any]:
        body = self.made("POST", "/api/v1/webhooks", self.integrator, json=new_webhook(self))
        return {"subscription_id": body["id"]}

    def api_key(self) -> dict[str, Any]:
        return {
            "key_id": self.made("POST", "/api/v1/api-keys", self.admin, json={"name": "t"})["id"]
        }


def new_request(_: World | None = None) -> dict[str, Any]:
    return {
        "service_code": "PJU-MATI",
        "description": "Lampu PJU di depan Pasar Induk Penajam padam.",
        "location": NENANG,
        "attributes": {"kondisi": "padam"},
    }


def new_permit(world: World) -> dict[str, Any]:
    return {
        "business_name": f"Warung Uji {world.unique()}",
        "kbli_code": "01111",
        "desa_code": "64.09.01.1010",
        "owner": {"name": "Siti Pemilik"},
    }


def category_fields() -> dict[str, Any]:
    return {
        "name": "Uji matriks",
        "name_en": "Matrix test",
        "description": "A category the authorisation matrix makes.",
        "group": "Uji",
        "agency_code": "DISHUB",
        "sla_working_days": 5,
    }


def new_category(world: World) -> dict[str, Any]:
    return {"code": f"MX-{world.unique()}", **category_fields()}


def new_price(world: World) -> dict[str, Any]:
    """A market day of its own: a day has one price per commodity, later ones are corrections."""
    day = date(2024, 1, 1) + timedelta(days=world.unique())
    return {
        "market_code": MARKET,
        "observed_on": day.isoformat(),
        "commodity_code": "BERAS-MEDIUM",
        "price": 13_100,
        "confirm_implausible": True,
    }


def new_market_day(world: World) -> dict[str, Any]:
    one = new_price(world)
    row = {key: one.pop(key) for key in ("commodity_code", "price", "confirm_implausible")}
    return {**one, "prices": [row]}


def new_business(world: World) -> dict[str, Any]:
    return {
        "name": f"Toko Uji {world.unique()}",
        "kbli_code": "47112",
        "kecamatan_code": "64.09.01",
        "desa_code": "64.09.01.1010",
    }


def new_facility(world: World) -> dict[str, Any]:
    return {"type": "street_light", "name": f"PJU Uji {world.unique()}", "location": NENANG}


def new_webhook(_: World) -> dict[str, Any]:
    # A closed port: deliveries fail at once and harmlessly.
    return {"url": "http://127.0.0.1:9/matrix", "subjects": ["ppu.governance.>"]}


@dataclass(frozen=True)
class Policy:
    """Expected status per role; ``pillar`` is the pillar whose officer is the 'right' one.

    ``fresh`` makes a new target before each caller (for changes a second caller would not
    find possible); ``shows`` is a field of the JSON answer and what each role must see in it.
    """

    statuses: dict[str, int]
    pillar: str = "governance"
    body: Callable[[World], Any] | None = None
    form: dict[str, str] | None = None
    params: dict[str, str] | None = None
    fresh: Callable[[World], dict[str, Any]] | None = None
    shows: tuple[str, dict[str, Any]] | None = None


def everyone(status: int, pillar: str = "governance", **options: Any) -> Policy:
    return Policy(dict.fromkeys(ROLES, status), pillar, **options)


def signed_in(status: int, pillar: str = "governance", **options: Any) -> Policy:
    return Policy({**dict.fromkeys(ROLES, status), "anonymous": 401}, pillar, **options)


def admins_only(status: int, **options: Any) -> Policy:
    return Policy({**dict.fromkeys(ROLES, 403), "anonymous": 401, "admin": status}, **options)


def officers_of(pillar: str, status: int, **options: Any) -> Policy:
    """Officers of ``pillar`` and admins; a read-only integrator key may not write."""
    statuses = {**dict.fromkeys(ROLES, 403), "anonymous": 401}
    statuses.update(officer_right_pillar=status, admin=status)
    return Policy(statuses, pillar, **options)


def integrators(status: int, **options: Any) -> Policy:
    """Webhooks: integrators (the key owns the target webhook) and admins."""
    statuses = {**dict.fromkeys(ROLES, 403), "anonymous": 401}
    statuses.update(admin=status, integrator_key=status)
    return Policy(statuses, **options)


def writers(status: int, pillar: str, **options: Any) -> Policy:
    """Anyone may write, even anonymously; a read-only integrator key may not."""
    return Policy({**dict.fromkeys(ROLES, status), "integrator_key": 403}, pillar, **options)


def signed_in_writers(status: int, pillar: str, **options: Any) -> Policy:
    return Policy(
        {**dict.fromkeys(ROLES, status), "anonymous": 401, "integrator_key": 403},
        pillar,
        **options,
    )


def owner_and_officers(status: int, **options: Any) -> Policy:
    """The reporter of a governance request and the responsible agency's officers."""
    statuses = {**dict.fromkeys(ROLES, 403), "anonymous": 401}
    statuses.update(citizen_owner=status, officer_right_pillar=status, admin=status)
    return Policy(statuses, **options)


def per_role(**seen: Any) -> dict[str, Any]:
    """What each role sees; ``others`` for the roles not named."""
    others = seen.pop("others")
    return {role: seen.get(role, others) for role in ROLES}


REQUEST_VIEWS = per_role(
    citizen_owner="owner", officer_right_pillar="officer", admin="officer", others="public"
)
PERMIT_OWNER = per_role(citizen_owner=True, officer_right_pillar=True, admin=True, others=False)
GOV = "/api/v1/governance"
ECO = "/api/v1/economy"
LIV = "/api/v1/living"
WEBHOOK = "/api/v1/webhooks/{subscription_id}"

POLICY: dict[tuple[str, str], Policy] = {
    # The gateway's own routes.
    ("POST", "/api/v1/auth/token"): everyone(
        200, form={"username": "citizen", "password": "benuo-demo"}
    ),
    ("GET", "/api/v1/auth/me"): everyone(200),
    ("GET", "/api/v1/dashboard"): everyone(200),
    ("GET", "/api/v1/api-keys"): admins_only(200),
    ("POST", "/api/v1/api-keys"): admins_only(201, body=lambda _: {"name": "matrix"}),
    ("GET", "/api/v1/api-keys/{key_id}"): admins_only(200),
    ("DELETE", "/api/v1/api-keys/{key_id}"): admins_only(204, fresh=World.api_key),
    ("GET", "/asyncapi.json"): everyone(200),
    ("GET", "/.well-known/jwks.json"): everyone(200),
    ("GET", "/api/v1/events"): signed_in(200),
    ("POST", "/api/v1/webhooks"): integrators(201, body=new_webhook),
    ("GET", "/api/v1/webhooks"): integrators(200),
    ("GET", WEBHOOK): integrators(200),
    ("DELETE", WEBHOOK): integrators(204, fresh=World.webhook),
    ("POST", WEBHOOK + "/disable"): integrators(200),
    ("POST", WEBHOOK + "/enable"): integrators(200),
    ("POST", WEBHOOK + "/secret"): integrators(200),
    ("GET", WEBHOOK + "/deliveries"): integrators(200),
    # Governance: service requests.
    ("POST", f"{GOV}/requests"): writers(201, "governance", body=new_request),
    ("GET", f"{GOV}/requests"): everyone(200),
    ("GET", f"{GOV}/requests/nearby"): everyone(
        200, params={"service_code": "PJU-MATI", "lat": "-1.27216", "lng": "116.73274"}
    ),
    ("GET", f"{GOV}/requests/{{request_id}}"): everyone(200, shows=("view", REQUEST_VIEWS)),
    ("GET", f"{GOV}/track/{{token}}"): everyone(200),
    # The owner may reopen a resolved request; the agency's officers may move it anyhow.
    ("POST", f"{GOV}/requests/{{request_id}}/transitions"): owner_and_officers(
        200, body=lambda _: {"to": "reopened", "note": "Masih padam."}, fresh=World.resolved_request
    ),
    ("POST", f"{GOV}/requests/{{request_id}}/notes"): owner_and_officers(
        201, body=lambda _: {"note": "Terima kasih."}
    ),
    # Governance: catalogue and reference data.
    ("GET", f"{GOV}/agencies"): everyone(200),
    ("GET", f"{GOV}/services"): everyone(200),
    ("GET", f"{GOV}/services/{{code}}"): everyone(200),
    ("POST", f"{GOV}/services"): admins_only(201, body=new_category),
    ("PUT", f"{GOV}/services/{{code}}"): admins_only(200, body=lambda _: category_fields()),
    ("POST", f"{GOV}/services/{{code}}/retire"): admins_only(200, fresh=World.category),
    ("GET", f"{GOV}/regions"): everyone(200),
    ("GET", f"{GOV}/regions/locate"): everyone(200, params={"lat": "-1.27216", "lng": "116.73274"}),
    ("GET", f"{GOV}/holidays"): everyone(200),
    ("PUT", f"{GOV}/holidays/{{day}}"): admins_only(
        200, body=lambda _: {"name": "Libur uji", "kind": "libur_nasional"}
    ),
    ("DELETE", f"{GOV}/holidays/{{day}}"): admins_only(204, fresh=World.holiday),
    ("GET", f"{GOV}/kbli"): everyone(200),
    ("GET", f"{GOV}/dashboard"): everyone(200),
    # Governance: business permits (DPMPTSP decides; the applicant and DPMPTSP see the owner).
    ("POST", f"{GOV}/permits"): signed_in_writers(201, "governance", body=new_permit),
    ("GET", f"{GOV}/permits"): signed_in(200),
    # An application not yet approved: hidden from everyone but its applicant and DPMPTSP.
    ("GET", f"{GOV}/permits/{{application_id}}"): Policy(
        {
            **dict.fromkeys(ROLES, 404),
            "citizen_owner": 200,
            "officer_right_pillar": 200,
            "admin": 200,
        },
        shows=("owner", PERMIT_OWNER),
    ),
    ("POST", f"{GOV}/permits/{{application_id}}/transitions"): officers_of(
        "governance", 200, body=lambda _: {"to": "verified"}, fresh=World.permit
    ),
    # Open311 GeoReport v2 (governance). Posting needs an api_key or a signed-in user, and
    # Open311 says 403 for a missing one.
    ("GET", "/open311/v2/discovery.{fmt}"): everyone(200),
    ("GET", "/open311/v2/services.{fmt}"): everyone(200),
    ("GET", "/open311/v2/services/{service_code}.{fmt}"): everyone(200),
    ("GET", "/open311/v2/requests.{fmt}"): everyone(200),
    ("POST", "/open311/v2/requests.{fmt}"): Policy(
        {**dict.fromkeys(ROLES, 201), "anonymous": 403, "integrator_key": 403},
        form={
            "service_code": "PJU-MATI",
            "lat": "-1.27216",
            "long": "116.73274",
            "description": "Lampu padam.",
            "attribute[kondisi]": "padam",
        },
    ),
    ("GET", "/open311/v2/requests/{service_request_id}.{fmt}"): everyone(200),
    ("GET", "/open311/v2/tokens/{token}.{fmt}"): everyone(200),
    # Economy: the business registry and the price watch.
    ("GET", f"{ECO}/businesses"): everyone(200, "economy"),
    ("POST", f"{ECO}/businesses"): officers_of("economy", 201, body=new_business),
    ("GET", f"{ECO}/businesses/stats"): everyone(200, "economy"),
    ("GET", f"{ECO}/businesses/{{business_id}}"): everyone(200, "economy"),
    ("PATCH", f"{ECO}/businesses/{{business_id}}"): officers_of(
        "economy", 200, body=lambda _: {"name": "Toko Uji Baru"}
    ),
    ("POST", f"{ECO}/observations/batches"): officers_of("economy", 201, body=new_market_day),
    ("POST", f"{ECO}/observations"): officers_of("economy", 201, body=new_price),
    ("GET", f"{ECO}/observations"): everyone(200, "economy"),
    ("POST", f"{ECO}/observations/{{observation_id}}/corrections"): officers_of(
        "economy",
        201,
        body=lambda _: {"price": 13_200, "reason": "salah ketik"},
        fresh=World.observation,
    ),
    ("GET", f"{ECO}/observations/{{observation_id}}"): everyone(200, "economy"),
    ("GET", f"{ECO}/prices/latest"): everyone(200, "economy"),
    ("GET", f"{ECO}/prices/series"): everyone(
        200, "economy", params={"commodity_code": "BERAS-MEDIUM"}
    ),
    ("GET", f"{ECO}/alerts"): everyone(200, "economy"),
    ("GET", f"{ECO}/alerts/history"): everyone(200, "economy"),
    ("GET", f"{ECO}/markets"): everyone(200, "economy"),
    ("GET", f"{ECO}/commodities"): everyone(200, "economy"),
    ("GET", f"{ECO}/kbli"): everyone(200, "economy"),
    ("GET", f"{ECO}/dashboard"): everyone(200, "economy"),
    # Living: the facility register and the cost-of-living index.
    ("GET", f"{LIV}/facilities"): everyone(200, "living"),
    ("POST", f"{LIV}/facilities"): officers_of("living", 201, body=new_facility),
    ("GET", f"{LIV}/facilities/nearby"): everyone(
        200, "living", params={"lat": "-1.27216", "lng": "116.73274"}
    ),
    ("GET", f"{LIV}/facilities/{{facility_id}}"): everyone(200, "living"),
    ("PATCH", f"{LIV}/facilities/{{facility_id}}"): officers_of(
        "living", 200, body=lambda _: {"name": "PJU Uji Baru"}
    ),
    ("DELETE", f"{LIV}/facilities/{{facility_id}}"): officers_of(
        "living", 204, fresh=World.facility
    ),
    ("GET", f"{LIV}/facilities/{{facility_id}}/history"): everyone(200, "living"),
    ("PUT", f"{LIV}/facilities/{{facility_id}}/status"): officers_of(
        "living", 200, body=lambda _: {"status": "operational", "note": "Diperiksa."}
    ),
    ("GET", f"{LIV}/cost-index"): everyone(200, "living"),
    ("GET", f"{LIV}/cost-index/{{index_id}}/history"): everyone(200, "living"),
    ("GET", f"{LIV}/dashboard"): everyone(200, "living"),
}


def _path_values(world: World) -> dict[str, Any]:
    """Ids of resources that exist, owned by 'citizen_owner' where ownership applies (and by
    the integrator key for webhooks)."""
    request = world.service_request()
    return {
        **world.api_key(),
        **request,
        "service_request_id": request["request_id"],
        **world.permit(),
        **world.category(),
        **world.holiday(),
        **world.observation(),
        **world.business(),
        **world.facility(),
        **world.webhook(),
        "fmt": "json",
        "service_code": "PJU-MATI",
        "index_id": "regency",
    }


def _call(world: World, method: str, path: str, headers: dict[str, str], policy: Policy) -> Any:
    options: dict[str, Any] = {
        "headers": headers,
        "params": policy.params,
        "json": policy.body(world) if policy.body else None,
        "data": policy.form,
    }
    if path == "/api/v1/events":
        # The stream never ends: the status and its opening bytes are enough.
        with world.client.stream(method, path, **options) as response:
            if response.status_code == 200:
                assert next(response.iter_bytes())
            return response.status_code, None
    response = world.client.request(method, path, **options)
    shown = response.json() if response.status_code == 200 and policy.shows else None
    return response.status_code, shown


@pytest.fixture(scope="module")
def world(platform: Platform, gateway_keys: GatewayKeys) -> Iterator[World]:
    with httpx.Client(base_url=platform.gateway.url, timeout=20) as client:
        world = World(client, gateway_keys)
        created = world.made(
            "POST", "/api/v1/api-keys", world.admin, json={"name": "matrix", "scopes": ["*:read"]}
        )
        world.integrator = {"X-API-Key": created["key"]}
        yield world


def test_every_operation_answers_every_role_as_the_policy_says(world: World) -> None:
    document = world.client.get("/openapi.json").json()
    operations = [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    ]
    unlisted = [op for op in operations if op not in POLICY]
    assert not unlisted, f"operations without a policy entry: {unlisted}"
    assert {op[1].split("/")[3] for op in operations if op[1].startswith("/api/v1/")} >= {
        "governance",
        "economy",
        "living",
    }
    values = _path_values(world)
    mismatches = []
    for method, path in operations:
        policy = POLICY[(method, path)]
        for role, headers in world.callers(policy.pillar).items():
            target = {**values, **(policy.fresh(world) if policy.fresh else {})}
            status, shown = _call(world, method, path.format(**target), headers, policy)
            expected = policy.statuses[role]
            if status != expected:
                mismatches.append((method, path, role, expected, status))
            elif shown is not None and policy.shows is not None:
                name, wanted = policy.shows
                seen = shown[name] if name == "view" else shown[name] is not None
                if seen != wanted[role]:
                    mismatches.append((method, path, role, f"{name}={wanted[role]}", seen))
    assert not mismatches, "\n".join(map(str, mismatches))


PROTECTED = {
    "governance": "/api/v1/governance/services",
    "economy": "/api/v1/economy/markets",
    "living": "/api/v1/living/facilities",
}


@pytest.mark.parametrize("pillar", sorted(PROTECTED))
def test_a_service_called_directly_without_the_gateways_token_refuses(
    pillar: str, platform: Platform, gateway_keys: GatewayKeys
) -> None:
    url = platform.services[pillar].url + PROTECTED[pillar]
    assert httpx.get(url).status_code == 401
    user_token = gateway_keys.user("admin")  # a valid end-user token, but not for services
    assert httpx.get(url, headers=user_token).status_code == 401
    assert httpx.get(url, headers={"Authorization": "Bearer forged"}).status_code == 401
    # What the gateway sends is accepted: the refusals above are about the credentials.
    internal = TokenIssuer(
        gateway_keys.pem_path.read_bytes(), issuer="benuo-gateway", audience="benuo-services"
    )
    accepted = httpx.get(url, headers={"Authorization": f"Bearer {internal.mint(ANONYMOUS)}"})
    assert accepted.status_code == 200
