"""The event streams' rules, without I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from benuo_contract import Pillar
from benuo_gateway.events.domain.access import readable_pillars
from benuo_gateway.events.domain.cursor import check_since, format_cursor, parse_cursor
from benuo_gateway.events.domain.filters import (
    MAX_FILTERS,
    SubjectFilter,
    event_pillars,
    parse_filters,
    plan_streams,
)
from benuo_gateway.events.domain.retry import RetryPolicy
from benuo_gateway.events.domain.signing import new_secret, sign
from benuo_gateway.events.domain.urls import check_url

ALL = event_pillars()


def plan(*filters: str, readable: frozenset[Pillar] = ALL) -> dict[str, list[str]]:
    return plan_streams(parse_filters(filters), readable)


def test_every_pillar_with_events_has_a_stream_to_read() -> None:
    assert {pillar.stream for pillar in ALL} == {"ECONOMY", "GOVERNANCE", "LIVING", "PLATFORM"}


def test_filters_split_by_pillar_stream_and_wildcards_fan_out() -> None:
    assert plan("ppu.governance.request.>", "ppu.economy.price.*") == {
        "ECONOMY": ["ppu.economy.price.*"],
        "GOVERNANCE": ["ppu.governance.request.>"],
    }
    assert plan("ppu.>") == {p.stream: [f"ppu.{p.value}.>"] for p in ALL}
    assert plan("ppu.*.facility.>") == {p.stream: [f"ppu.{p.value}.facility.>"] for p in ALL}


def test_filters_another_one_covers_are_dropped_and_partial_overlaps_refused() -> None:
    assert plan("ppu.governance.request.created", "ppu.governance.>") == {
        "GOVERNANCE": ["ppu.governance.>"]
    }
    assert plan("ppu.governance.*.created", "ppu.governance.request.created") == {
        "GOVERNANCE": ["ppu.governance.*.created"]
    }
    assert plan("ppu.governance.request.created", "ppu.governance.permit.approved") == {
        "GOVERNANCE": ["ppu.governance.permit.approved", "ppu.governance.request.created"]
    }
    with pytest.raises(ValueError, match="overlap"):
        plan("ppu.governance.*.created", "ppu.governance.request.*")


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("governance.>", "start with 'ppu.'"),
        ("ppu.nowhere.>", "unknown pillar"),
        ("ppu.governance", "matches no subject"),
        ("ppu.governance.request", "matches no subject"),
        ("ppu.governance.request.created.extra", "matches no subject"),
        ("ppu.>.request", "'>' may only be the last"),
        ("ppu.governance.Request.*", "lower-case"),
        ("ppu.governance..created", "lower-case"),
    ],
)
def test_bad_filters_are_refused_with_what_to_fix(text: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        parse_filters([text])


def test_filter_lists_are_deduplicated_and_bounded() -> None:
    assert parse_filters(["ppu.>", " ppu.> ", ""]) == [SubjectFilter(("ppu", ">"))]
    with pytest.raises(ValueError, match="at least one"):
        parse_filters(["", " "])
    too_many = [f"ppu.governance.e{n}.>" for n in range(MAX_FILTERS + 1)]
    with pytest.raises(ValueError, match="At most"):
        parse_filters(too_many)


def test_events_scopes_narrow_what_a_caller_reads() -> None:
    assert readable_pillars([]) == ALL
    assert readable_pillars(["webhooks", "read"]) == ALL
    economy = readable_pillars(["events:economy"])
    assert economy == {Pillar.ECONOMY}
    assert plan("ppu.>", readable=economy) == {"ECONOMY": ["ppu.economy.>"]}
    with pytest.raises(PermissionError, match="governance"):
        plan("ppu.governance.>", readable=economy)
    assert readable_pillars(["events:nowhere"]) == frozenset()


def test_event_ids_name_a_position_per_stream_and_round_trip() -> None:
    positions = {"GOVERNANCE": 12, "ECONOMY": 7}
    assert format_cursor(positions) == "ECONOMY:7,GOVERNANCE:12"
    assert parse_cursor("ECONOMY:7,GOVERNANCE:12") == positions
    for bad in (
        "",
        "GOVERNANCE",
        "GOVERNANCE:-1",
        "governance:3",
        "GOVERNANCE:1;LIVING:2",
        "X:1" * 300,
    ):
        with pytest.raises(ValueError, match=r"not a position|too long"):
            parse_cursor(bad)


def test_replays_start_in_the_past() -> None:
    now = datetime(2026, 11, 27, tzinfo=UTC)
    assert check_since(now - timedelta(days=3), now) == now - timedelta(days=3)
    with pytest.raises(ValueError, match="in the future"):
        check_since(now + timedelta(seconds=1), now)


def test_signatures_match_the_standard_webhooks_test_vector() -> None:
    # The example published with the Standard Webhooks specification.
    signature = sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330,
        b'{"test": 2432232314}',
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert new_secret().startswith("whsec_")
    assert new_secret() != new_secret()


def test_retries_back_off_exponentially_up_to_a_cap_and_give_up_at_the_limit() -> None:
    policy = RetryPolicy(base_seconds=1, max_seconds=60, max_consecutive_failures=5)
    assert [policy.delay(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert policy.delay(10_000) == 60
    assert not policy.gives_up(4)
    assert policy.gives_up(5)
    assert len(policy.disabled_reason(5, "x" * 1000)) == 500


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("ftp://example.org/", "http:// or https://"),
        ("example.org/hook", "http:// or https://"),
        ("https:///hook", "no host"),
        ("https://user:secret@example.org/", "no credentials"),
        ("https://example.org/#part", "no #fragment"),
        ("https://example.org:99999/", "port"),
        ("https://" + "a" * 2000 + ".org/", "longer than"),
        ("https://example.org/a b", "spaces or control characters"),
        ("https://exa\x00mple.org/", "spaces or control characters"),
    ],
)
def test_webhook_urls_must_be_plain_http_or_https(url: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        check_url(url, allow_private=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://api.localhost/hook",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://nats.internal/",
    ],
)
def test_private_addresses_are_refused_unless_allowed(url: str) -> None:
    with pytest.raises(ValueError, match="not a public address"):
        check_url(url, allow_private=False)
    assert check_url(url, allow_private=True) == url


def test_public_addresses_and_names_are_accepted() -> None:
    for url in (
        "https://hooks.example.org/benuo",
        "http://93.184.215.14:8080/x",
        "https://8.8.8.8/",
    ):
        assert check_url(url, allow_private=False) == url
