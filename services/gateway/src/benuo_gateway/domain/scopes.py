"""API-key scopes: ``<service>:read`` allows safe methods, ``<service>:write`` everything;
``*:read`` and ``*:write`` stand for every service."""

from __future__ import annotations

from collections.abc import Collection

from benuo_gateway.domain.routing import SAFE_METHODS


def required_scope(service: str, method: str) -> str:
    return f"{service}:{'read' if method in SAFE_METHODS else 'write'}"


def grants(scopes: Collection[str], service: str, method: str) -> bool:
    if method in SAFE_METHODS:
        wanted = {f"{service}:read", f"{service}:write", "*:read", "*:write"}
    else:
        wanted = {f"{service}:write", "*:write"}
    return not wanted.isdisjoint(scopes)
