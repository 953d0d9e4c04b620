"""Test support for the gateway (and for tests that cross services): stub pillar services,
the gateway's keys, and gateway replicas as real processes."""

from benuo_gateway.testing.keys import GatewayKeys, make_gateway_keys
from benuo_gateway.testing.processes import (
    Platform,
    gateway_process,
    migrate_in_process,
    pillar_services,
    probe_service,
)
from benuo_gateway.testing.stub_service import StubServer

__all__ = [
    "GatewayKeys",
    "Platform",
    "StubServer",
    "gateway_process",
    "make_gateway_keys",
    "migrate_in_process",
    "pillar_services",
    "probe_service",
]
