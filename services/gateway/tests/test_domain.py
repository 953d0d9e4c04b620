"""The gateway's rules, tested without any I/O."""

from __future__ import annotations

import pytest

from benuo_gateway.domain.breaker import BreakerState, CircuitBreaker
from benuo_gateway.domain.cache_policy import CachePolicy, cache_lifetime, tags_for_subject
from benuo_gateway.domain.conditional import matches, strong_etag
from benuo_gateway.domain.openapi_merge import merge_openapi
from benuo_gateway.domain.ratelimit import (
    CallerKind,
    LeasedWindows,
    LocalCounter,
    Rate,
    RatePolicy,
    parse_rate,
    route_group,
)
from benuo_gateway.domain.routing import RouteTable
from benuo_gateway.domain.scopes import grants
from benuo_gateway.security.claims import principal_from_claims
from benuo_runtime.auth import Role

ROUTES = RouteTable({"governance": "http://g/", "living": "http://l"})


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_the_breaker_opens_after_consecutive_failures_and_probes_once_after_the_pause() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=3, reset_seconds=10, clock=clock)
    for _ in range(2):
        breaker.record_failure()
    breaker.record_success()
    for _ in range(3):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    assert not breaker.allow()
    assert breaker.retry_after() == 10
    clock.now = 10
    assert breaker.allow()  # the one trial call
    assert not breaker.allow()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    clock.now = 20
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
    assert breaker.allow()


def test_routes_send_pillar_paths_and_open311_to_their_services() -> None:
    assert ROUTES.match("/api/v1/living/facilities").name == "living"
    assert ROUTES.match("/api/v1/living").name == "living"
    assert ROUTES.match("/open311/v2/services.json").name == "governance"
    assert ROUTES.match("/api/v1/livingroom/x") is None
    assert ROUTES.match("/api/v1/dashboard") is None
    assert ROUTES.upstreams["governance"].base_url == "http://g"


@pytest.mark.parametrize(
    ("text", "rate"),
    [("600/minute", Rate(600, 60)), ("10/second", Rate(10, 1)), ("100/30s", Rate(100, 30))],
)
def test_rates_parse(text: str, rate: Rate) -> None:
    assert parse_rate(text) == rate


def test_a_bad_rate_says_what_is_expected() -> None:
    with pytest.raises(ValueError, match="600/minute"):
        parse_rate("lots")


def test_route_groups_and_policy() -> None:
    assert route_group("POST", "/api/v1/auth/token") == "auth"
    assert route_group("GET", "/api/v1/events") == "events"
    assert route_group("GET", "/api/v1/living/x") == "read"
    assert route_group("DELETE", "/api/v1/living/x") == "write"
    policy = RatePolicy({"read": {"ip": "5/minute"}})
    assert policy.rate_for("read", CallerKind.IP) == Rate(5, 60)
    assert policy.rate_for("read", CallerKind.KEY) is None


def test_leases_never_grant_more_than_the_claims_allowed() -> None:
    rate = Rate(1000, 60)
    windows = LeasedWindows()
    assert windows.spend("k", rate, 1.0) is None  # nothing leased yet
    first = windows.claimed("k", rate, 1.0, granted=rate.lease_size, used=rate.lease_size)
    assert first.allowed
    spent = [windows.spend("k", rate, 1.0) for _ in range(rate.lease_size - 1)]
    assert all(d is not None and d.allowed for d in spent)
    assert windows.spend("k", rate, 1.0) is None  # lease used up: claim again
    refused = windows.claimed("k", rate, 1.0, granted=0, used=1000)
    assert not refused.allowed
    assert refused.reset_seconds == 59
    assert windows.spend("k", rate, 2.0).allowed is False  # known full: no need to ask
    assert windows.spend("k", rate, 61.0) is None  # a new window


def test_the_local_counter_allows_exactly_the_limit_per_window() -> None:
    counter, rate = LocalCounter(), Rate(3, 10)
    decisions = [counter.hit("ip:1", rate, 5.0) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions] == [2, 1, 0, 0]
    assert ("retry-after", "5") in [(k.decode(), v.decode()) for k, v in decisions[-1].headers()]
    assert counter.hit("ip:1", rate, 10.0).allowed


def test_cache_rules_and_what_events_invalidate() -> None:
    policy = CachePolicy(default_ttl_seconds=30)
    facilities = policy.rule_for("/api/v1/living/facilities/F1", ROUTES.match("/api/v1/living"))
    assert facilities is not None
    assert facilities.tags == ("living.facility",)
    assert "living.facility" in tags_for_subject("ppu.living.facility.status_changed")
    assert "living.facility" not in tags_for_subject("ppu.living.cost_index.updated")
    other = policy.rule_for("/api/v1/living/schools", ROUTES.match("/api/v1/living"))
    assert other is not None
    assert other.tags == ("living",)
    assert policy.rule_for("/open311/v2/services.json", ROUTES.match("/open311/v2")).tags == (
        "governance.service",
    )
    assert policy.rule_for("/api/v1/auth/me", None) is None
    assert tags_for_subject("not.a.subject") == ()


@pytest.mark.parametrize(
    ("header", "cookie", "lifetime"),
    [
        (None, False, 60),
        ("max-age=5", False, 5),
        ("public, s-maxage=600", False, 60),
        ("private", False, None),
        ("no-store", False, None),
        (None, True, None),
        ("max-age=0", False, None),
    ],
)
def test_cache_lifetime_respects_the_origin(
    header: str | None, cookie: bool, lifetime: float | None
) -> None:
    assert cache_lifetime(header, cookie, 60) == lifetime


def test_etags_match_weakly_and_in_lists() -> None:
    etag = strong_etag(b"body")
    assert etag == strong_etag(b"body") != strong_etag(b"other")
    assert matches(f'"x", W/{etag}', etag)
    assert matches("*", etag)
    assert not matches(None, etag)
    assert not matches('"x"', etag)


def test_scopes() -> None:
    assert grants({"living:read"}, "living", "GET")
    assert not grants({"living:read"}, "living", "POST")
    assert grants({"*:write"}, "economy", "POST")
    assert grants({"living:write"}, "living", "HEAD")
    assert not grants({"living:read"}, "economy", "GET")


def test_keycloak_claims_become_our_principal() -> None:
    principal = principal_from_claims(
        {
            "sub": "u1",
            "realm_access": {"roles": ["officer:living", "offline_access", "uma_authorization"]},
            "resource_access": {"benuo": {"roles": ["integrator"]}, "other": {"roles": ["admin"]}},
            "groups": ["/citizen"],
            "agencies": "DINKES DPUPR",
            "scope": "openid profile",
        },
        client_id="benuo",
    )
    assert principal.roles == {Role.OFFICER, Role.INTEGRATOR, Role.CITIZEN}
    assert principal.pillars == {"living"}
    assert principal.agencies == {"DINKES", "DPUPR"}
    assert principal.scopes == {"openid", "profile"}
    assert not principal.is_admin


def test_merging_keeps_each_upstreams_paths_and_renames_clashing_schemas() -> None:
    gateway = {
        "openapi": "3.1.0",
        "paths": {"/api/v1/dashboard": {"get": {}}},
        "components": {"schemas": {"Item": {"type": "string"}}},
    }
    living = {
        "paths": {
            "/api/v1/living/items": {
                "get": {"responses": {"200": {"$ref": "#/components/schemas/Item"}}}
            },
            "/healthz": {"get": {}},
            "/api/v1/governance/stolen": {"get": {}},
        },
        "components": {"schemas": {"Item": {"type": "object"}}},
    }
    merged = merge_openapi(gateway, {"living": living}, ROUTES)
    assert set(merged["paths"]) == {"/api/v1/dashboard", "/api/v1/living/items"}
    operation = merged["paths"]["/api/v1/living/items"]["get"]
    assert operation["responses"]["200"]["$ref"] == "#/components/schemas/LivingItem"
    assert operation["tags"] == ["living"]
    assert merged["components"]["schemas"]["Item"] == {"type": "string"}
    assert merged["components"]["schemas"]["LivingItem"] == {"type": "object"}
    assert gateway["paths"] == {"/api/v1/dashboard": {"get": {}}}  # the input is untouched
