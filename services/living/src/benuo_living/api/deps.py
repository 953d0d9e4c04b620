"""Typed dependencies shared by the living routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Request

from benuo_living.settings import Settings
from benuo_runtime.auth import Principal, require_officer_of
from benuo_runtime.problems import ProblemError

PILLAR = "living"
PREFIX = f"/api/v1/{PILLAR}"


def settings(request: Request) -> Settings:
    configured: Settings = request.app.state.runtime.settings
    return configured


SettingsDep = Annotated[Settings, Depends(settings)]
Officer = Annotated[Principal, Depends(require_officer_of(PILLAR))]
Limit = Annotated[int, Query(ge=1, le=100, description="Items per page")]
Offset = Annotated[int, Query(ge=0, le=100_000, description="Items to skip")]
IfMatch = Annotated[
    str | None,
    Header(description="The ETag you last read; the change is refused if it is stale"),
]


def etag(version: int) -> str:
    return f'"{version}"'


def check_if_match(if_match: str | None, version: int) -> None:
    """Optimistic concurrency: refuse a change based on an outdated read."""
    if if_match is None or if_match.strip() == "*":
        return
    sent = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if etag(version) not in sent:
        raise ProblemError(
            412,
            f"The facility changed since you read it (it is now at version {version}); "
            "read it again and repeat your change.",
            kind="precondition-failed",
            current_version=version,
        )
